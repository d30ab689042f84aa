/**
 * The server side of "Generate client key and certificate" and "Generate certificate for this key"
 * (lsp/commands.ts), called directly: which arguments are refused and with what words, which files
 * land where with which modes, and that the certificate is for the key on disk, named as asked,
 * valid from the injected clock. Written against the mutants of commands.ts the protocol suites let
 * live: each result is compared whole.
 */
import 'reflect-metadata';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import { FileSystemView, FsError, nodeFileSystem } from '../../server/src/core/fsview';
import { generateCertificateForKeyCommand, generateClientPairCommand } from '../../server/src/lsp/commands';
import { GenerateCertificateForKeyParams, GenerateClientPairParams, GenerateResult } from '../../server/src/protocol';
import { ed25519Key, pkcs8Pem } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

const NOW = new Date(Date.UTC(2027, 2, 4, 5, 6, 7));
const MINUTE = 60_000;
const DAY = 86_400_000;
const BASE_NAME_RULE = 'the file name may use letters, digits, ".", "_" and "-"';
const KEY_PATH_RULE = 'keyPath must be the absolute path of a .key file';
const EMPTY_CN = 'The common name (CN) is empty; give the name the registry should know this client by.';

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const refused = (message: string): GenerateResult => ({ ok: false, message });

describe('generate commands (lsp/commands.ts)', function () {
  this.timeout(30_000);
  const tree = tempTrees();

  /** A certs.d root with one empty host folder, and a folder beside it that is no root. */
  function workspace() {
    const t = tree({ 'certs.d': { 'reg.example.com': {} }, elsewhere: {} });
    const root = t.path('certs.d');
    const host = t.path('certs.d', 'reg.example.com');
    return { t, root, host, roots: [root] };
  }

  describe('generateClientPairCommand', () => {
    const good = (host: string): GenerateClientPairParams => ({ hostPath: host, baseName: 'client', algorithm: 'ed25519', commonName: 'alice', validityDays: 30, mode: 'self-signed' });

    it('writes NAME.key (0600) and NAME.cert (0644) into the host folder: a self-signed certificate for that key, CN trimmed, valid from the injected clock', async () => {
      const { host, roots } = workspace();
      const r = await generateClientPairCommand({ ...good(host), baseName: 'Client_2.a-b', commonName: '  alice smith  ' }, NOW, roots);
      const key = path.join(host, 'Client_2.a-b.key');
      const cert = path.join(host, 'Client_2.a-b.cert');
      assert.deepEqual(r, { ok: true, written: [key, cert] });
      assert.deepEqual(fs.readdirSync(host).sort(), ['Client_2.a-b.cert', 'Client_2.a-b.key']);
      assert.equal(mode(key), 0o600);
      assert.equal(mode(cert), 0o644);
      const keyPem = fs.readFileSync(key, 'utf8');
      assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
      const c = new crypto.X509Certificate(fs.readFileSync(cert));
      assert.ok(c.checkPrivateKey(crypto.createPrivateKey(keyPem)), 'the certificate is for the key written beside it');
      assert.equal(c.subject, 'CN=alice smith');
      assert.equal(c.issuer, 'CN=alice smith');
      assert.equal(crypto.createPrivateKey(keyPem).asymmetricKeyType, 'ed25519');
      assert.equal(new Date(c.validFrom).getTime(), NOW.getTime() - 5 * MINUTE);
      assert.equal(new Date(c.validTo).getTime(), NOW.getTime() + 30 * DAY);
    });

    it('writes NAME.key and NAME.csr in csr mode: a request for that key, no certificate', async () => {
      const { host, roots } = workspace();
      const r = await generateClientPairCommand({ ...good(host), algorithm: 'ecdsa-p256', mode: 'csr', commonName: 'bob' }, NOW, roots);
      const key = path.join(host, 'client.key');
      const csr = path.join(host, 'client.csr');
      assert.deepEqual(r, { ok: true, written: [key, csr] });
      assert.deepEqual(fs.readdirSync(host).sort(), ['client.csr', 'client.key']);
      assert.equal(mode(key), 0o600);
      assert.equal(mode(csr), 0o644);
      const req = new x509.Pkcs10CertificateRequest(fs.readFileSync(csr, 'utf8'));
      assert.deepEqual(req.subjectName.getField('CN'), ['bob']);
      const spki = Buffer.from(req.publicKey.rawData);
      assert.deepEqual(spki, crypto.createPublicKey(fs.readFileSync(key, 'utf8')).export({ type: 'spki', format: 'der' }));
      assert.equal(crypto.createPrivateKey(fs.readFileSync(key, 'utf8')).asymmetricKeyType, 'ec');
    });

    it('refuses arguments that are not an object with a string hostPath, before touching anything', async () => {
      const { roots } = workspace();
      for (const p of [null, undefined, 42, 'a string', { baseName: 'client' }, { hostPath: 5, baseName: 'client' }]) {
        assert.deepEqual(await generateClientPairCommand(p as unknown as GenerateClientPairParams, NOW, roots), refused('hostPath must be an absolute path'), JSON.stringify(p));
      }
    });

    it('refuses a folder that is not a host folder of a root being checked, with the reason', async () => {
      const { t, root, host, roots } = workspace();
      const elsewhere = t.path('elsewhere');
      assert.deepEqual(
        await generateClientPairCommand(good(elsewhere), NOW, roots),
        refused(`${elsewhere} is not a host folder of a certs.d folder being checked: files are only written into one`),
      );
      assert.deepEqual(
        await generateClientPairCommand(good(root), NOW, roots),
        refused(`${root} is not a host folder of a certs.d folder being checked: files are only written into one`),
      );
      assert.deepEqual(await generateClientPairCommand(good('reg.example.com'), NOW, roots), refused('the host folder must be given as an absolute path'));
      // The same host folder with no roots checked.
      assert.deepEqual(
        await generateClientPairCommand(good(host), NOW, []),
        refused(`${host} is not a host folder of a certs.d folder being checked: files are only written into one`),
      );
      assert.deepEqual(fs.readdirSync(host), []);
    });

    it('refuses a file name that is not a plain name of letters, digits, ".", "_" and "-", starting with a letter or digit', async () => {
      const { host, roots } = workspace();
      for (const baseName of ['', '.hidden', '-x', '_x', 'a/b', '../escape', 'a b', 'név', 'a\nb', 5, undefined]) {
        assert.deepEqual(await generateClientPairCommand({ ...good(host), baseName: baseName as string }, NOW, roots), refused(BASE_NAME_RULE), JSON.stringify(baseName));
      }
      assert.deepEqual(fs.readdirSync(host), []);
      // Each kind of character allowed, first a digit.
      const r = await generateClientPairCommand({ ...good(host), baseName: '9Az.z_Z-0' }, NOW, roots);
      assert.deepEqual(r, { ok: true, written: [path.join(host, '9Az.z_Z-0.key'), path.join(host, '9Az.z_Z-0.cert')] });
    });

    it("passes the core's refusals on as messages: an empty or missing common name, a bad validity, algorithm or mode", async () => {
      const { host, roots } = workspace();
      const cases: [Partial<Record<keyof GenerateClientPairParams, unknown>>, string][] = [
        [{ commonName: '   ' }, EMPTY_CN],
        [{ commonName: undefined }, EMPTY_CN],
        [{ commonName: null }, EMPTY_CN],
        [{ validityDays: 0 }, 'The validity must be a whole number of days from 1 to 3650 (got 0).'],
        [{ algorithm: 'dsa' }, 'Unknown key algorithm "dsa"; choose one of rsa-4096, rsa-2048, ecdsa-p256, ed25519.'],
        [{ mode: 'ca' }, 'Unknown mode "ca": expected self-signed or csr.'],
      ];
      for (const [change, message] of cases) {
        assert.deepEqual(await generateClientPairCommand({ ...good(host), ...change } as GenerateClientPairParams, NOW, roots), refused(message), JSON.stringify(change));
      }
      assert.deepEqual(await generateClientPairCommand(good(host), new Date(NaN), roots), refused('The current time is not a valid date.'));
      assert.deepEqual(fs.readdirSync(host), []);
    });

    it('never overwrites: an existing NAME.cert leaves everything as it was', async () => {
      const { host, roots } = workspace();
      fs.writeFileSync(path.join(host, 'client.cert'), 'mine');
      assert.deepEqual(
        await generateClientPairCommand(good(host), NOW, roots),
        refused(`${path.join(host, 'client.cert')} already exists. Nothing was written: move that file away or choose another name.`),
      );
      assert.deepEqual(fs.readdirSync(host), ['client.cert']);
      assert.equal(fs.readFileSync(path.join(host, 'client.cert'), 'utf8'), 'mine');
    });

    it('lets an unexpected error through instead of turning it into a refusal', async () => {
      const { roots } = workspace();
      const boom = new Error('not a refusal');
      const params = {
        get hostPath(): string {
          throw boom;
        },
      };
      await assert.rejects(generateClientPairCommand(params as unknown as GenerateClientPairParams, NOW, roots), (e) => e === boom);
    });
  });

  describe('generateCertificateForKeyCommand', () => {
    function withKey(name = 'client.key') {
      const w = workspace();
      const keyPem = pkcs8Pem(ed25519Key(3));
      const keyPath = path.join(w.host, name);
      fs.writeFileSync(keyPath, keyPem, { mode: 0o600 });
      const good: GenerateCertificateForKeyParams = { keyPath, commonName: 'carol', validityDays: 7, mode: 'self-signed' };
      return { ...w, keyPem, keyPath, good };
    }

    it('writes NAME.cert (0644) beside NAME.key: a self-signed certificate for that key, CN trimmed, valid from the injected clock', async () => {
      const { host, roots, keyPem, keyPath, good } = withKey();
      const r = await generateCertificateForKeyCommand({ ...good, commonName: ' carol ' }, NOW, roots, nodeFileSystem);
      const cert = path.join(host, 'client.cert');
      assert.deepEqual(r, { ok: true, written: [cert] });
      assert.deepEqual(fs.readdirSync(host).sort(), ['client.cert', 'client.key']);
      assert.equal(mode(cert), 0o644);
      assert.equal(fs.readFileSync(keyPath, 'utf8'), keyPem, 'the key is left as it was');
      const c = new crypto.X509Certificate(fs.readFileSync(cert));
      assert.ok(c.checkPrivateKey(crypto.createPrivateKey(keyPem)));
      assert.equal(c.subject, 'CN=carol');
      assert.equal(new Date(c.validFrom).getTime(), NOW.getTime() - 5 * MINUTE);
      assert.equal(new Date(c.validTo).getTime(), NOW.getTime() + 7 * DAY);
    });

    it('writes NAME.csr in csr mode, named after the key file (only the last ".key" goes)', async () => {
      const { host, roots, keyPem, good } = withKey('a.key.key');
      const r = await generateCertificateForKeyCommand({ ...good, keyPath: path.join(host, 'a.key.key'), mode: 'csr', validityDays: 0 }, NOW, roots, nodeFileSystem);
      const csr = path.join(host, 'a.key.csr');
      assert.deepEqual(r, { ok: true, written: [csr] });
      assert.equal(mode(csr), 0o644);
      const req = new x509.Pkcs10CertificateRequest(fs.readFileSync(csr, 'utf8'));
      assert.deepEqual(req.subjectName.getField('CN'), ['carol']);
      assert.deepEqual(Buffer.from(req.publicKey.rawData), crypto.createPublicKey(keyPem).export({ type: 'spki', format: 'der' }));
    });

    it('reads the key through the port it is given (the disk), not the file system directly', async () => {
      const { host, roots, good } = withKey();
      const other = pkcs8Pem(ed25519Key(4));
      const reads: string[] = [];
      const disk: FileSystemView = { ...nodeFileSystem, readFile: (p) => (reads.push(p), Buffer.from(other)) };
      const r = await generateCertificateForKeyCommand(good, NOW, roots, disk);
      assert.deepEqual(r, { ok: true, written: [path.join(host, 'client.cert')] });
      assert.deepEqual(reads, [good.keyPath]);
      const c = new crypto.X509Certificate(fs.readFileSync(path.join(host, 'client.cert')));
      assert.ok(c.checkPrivateKey(crypto.createPrivateKey(other)), 'the certificate is for the key the port gave');
    });

    it('refuses a keyPath that is not an absolute path ending in .key', async () => {
      const { host, roots, good } = withKey();
      for (const keyPath of [undefined, 7, 'client.key', path.join('reg.example.com', 'client.key'), path.join(host, 'client.pem'), path.join(host, 'client.key.bak')]) {
        assert.deepEqual(await generateCertificateForKeyCommand({ ...good, keyPath: keyPath as string }, NOW, roots, nodeFileSystem), refused(KEY_PATH_RULE), JSON.stringify(keyPath));
      }
      for (const p of [null, undefined, 'x']) {
        assert.deepEqual(await generateCertificateForKeyCommand(p as unknown as GenerateCertificateForKeyParams, NOW, roots, nodeFileSystem), refused(KEY_PATH_RULE));
      }
      assert.deepEqual(fs.readdirSync(host), ['client.key']);
    });

    it('refuses a key that is not in a host folder of a root being checked', async () => {
      const { t, roots, good } = withKey();
      const outside = t.path('elsewhere', 'client.key');
      fs.writeFileSync(outside, fs.readFileSync(good.keyPath));
      assert.deepEqual(
        await generateCertificateForKeyCommand({ ...good, keyPath: outside }, NOW, roots, nodeFileSystem),
        refused(`${t.path('elsewhere')} is not a host folder of a certs.d folder being checked: files are only written into one`),
      );
      assert.deepEqual(fs.readdirSync(t.path('elsewhere')), ['client.key']);
    });

    it('says why the key cannot be read: the reason for a file error, "error" for anything else', async () => {
      const { host, roots, good } = withKey();
      const failing = (e: unknown): FileSystemView => ({
        ...nodeFileSystem,
        readFile: () => {
          throw e;
        },
      });
      assert.deepEqual(
        await generateCertificateForKeyCommand(good, NOW, roots, failing(new FsError('EACCES', good.keyPath))),
        refused(`Cannot read ${good.keyPath}: permission denied`),
      );
      assert.deepEqual(
        await generateCertificateForKeyCommand(good, NOW, roots, failing(new FsError('EFIFO', good.keyPath))),
        refused(`Cannot read ${good.keyPath}: it is a named pipe (FIFO), not a file`),
      );
      assert.deepEqual(await generateCertificateForKeyCommand(good, NOW, roots, failing(new Error('EACCES'))), refused(`Cannot read ${good.keyPath}: error`));
      // The real disk: the key is gone.
      fs.unlinkSync(good.keyPath);
      assert.deepEqual(await generateCertificateForKeyCommand(good, NOW, roots, nodeFileSystem), refused(`Cannot read ${good.keyPath}: no such file or directory`));
      assert.deepEqual(fs.readdirSync(host), []);
    });

    it("passes the core's refusals on: a file without a key, an empty or missing common name", async () => {
      const { host, roots, good } = withKey();
      fs.writeFileSync(good.keyPath, 'not a key\n');
      assert.match((await generateCertificateForKeyCommand(good, NOW, roots, nodeFileSystem) as { message: string }).message, /^No PEM private key found in the file/);
      fs.writeFileSync(good.keyPath, pkcs8Pem(ed25519Key(3)));
      for (const commonName of ['  ', undefined, null]) {
        assert.deepEqual(await generateCertificateForKeyCommand({ ...good, commonName: commonName as string }, NOW, roots, nodeFileSystem), refused(EMPTY_CN), String(commonName));
      }
      assert.deepEqual(fs.readdirSync(host), ['client.key']);
    });

    it('lets an unexpected error through instead of turning it into a refusal', async () => {
      const { roots } = withKey();
      const boom = new Error('not a refusal');
      const params = {
        get keyPath(): string {
          throw boom;
        },
      };
      await assert.rejects(generateCertificateForKeyCommand(params as unknown as GenerateCertificateForKeyParams, NOW, roots, nodeFileSystem), (e) => e === boom);
    });
  });
});

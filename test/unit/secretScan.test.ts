/**
 * No secret leaves a key file. Folders with generated keys (RSA PKCS#1 and PKCS#8, EC SEC1, Ed25519,
 * encrypted PKCS#8 and PKCS#1, a mismatched pair, a key in hosts.toml's `client`) are checked by the
 * CLI (text, json, sarif; stdout and stderr) and opened in the language server (diagnostics, hovers on
 * every line of every key file, lenses, outline, folding, code actions, its log and `$/logTrace` with
 * trace on). Every output is scanned for the keys' material: each base64 body line of the key PEMs,
 * and any 24-character run of a body (base64, or the DER in hex). The scan is the test.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import { toUri } from '../../server/src/lsp/paths';
import { Requests } from '../../server/src/protocol';
import { startTestServer } from '../helpers/lsp';
import { clientCert, ecKey, ed25519Key, encryptedPkcs1Pem, encryptedPkcs8Pem, pkcs1Pem, pkcs8Pem, rsaKey, sec1Pem, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli', 'main.js');
const WINDOW = 24;

/** Every piece of key material worth finding: body lines, and all WINDOW-long runs of base64 and hex. */
function secretsOf(keyPems: string[]): { lines: string[]; runs: Set<string> } {
  const lines: string[] = [];
  const runs = new Set<string>();
  for (const pem of keyPems) {
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----') && !l.includes(':'));
    lines.push(...body.filter((l) => l.length >= 16));
    const b64 = body.join('');
    const hex = Buffer.from(b64, 'base64').toString('hex');
    for (const s of [b64, hex, hex.toUpperCase()]) for (let i = 0; i + WINDOW <= s.length; i++) runs.add(s.slice(i, i + WINDOW));
  }
  return { lines, runs };
}

/** Where in `output` key material shows, if anywhere. */
function leak(output: string, secrets: { lines: string[]; runs: Set<string> }): string | undefined {
  for (const l of secrets.lines) if (output.includes(l)) return l;
  // JSON escapes `/` and `+` never, but a log may break lines: scan with the line breaks and escapes removed too.
  for (const text of [output, output.replace(/\\n|\\r|\s/g, '')]) {
    for (let i = 0; i + WINDOW <= text.length; i++) if (secrets.runs.has(text.slice(i, i + WINDOW))) return text.slice(i, i + WINDOW);
  }
  return undefined;
}

describe('no secret leaves a key file: every output of the CLI and the language server scanned for key material', () => {
  const tree = tempTrees();
  let base: string;
  let keyFiles: string[];
  let secrets: { lines: string[]; runs: Set<string> };

  before(async function () {
    this.timeout(60_000);
    const ca = await selfSignedCa({ commonName: 'Scan CA', key: ecKey('P-256', 46) });
    const rsa = rsaKey(2048, 47);
    const ec = ecKey('P-256', 48);
    const ed = ed25519Key(49);
    const leafRsa = await clientCert(ca, { commonName: 'rsa client', key: rsa });
    const leafEc = await clientCert(ca, { commonName: 'ec client', key: ec });
    const keys: Record<string, string> = {
      'rsa1.key': pkcs1Pem(rsa),
      'rsa8.key': pkcs8Pem(rsa),
      'ec.key': sec1Pem(ec),
      'ed.key': pkcs8Pem(ed),
      'enc8.key': encryptedPkcs8Pem(ec),
      'enc1.key': encryptedPkcs1Pem(rsa),
      'bundle.key': sec1Pem(ec) + pkcs1Pem(rsa),
    };
    secrets = secretsOf(Object.values(keys));
    base = tree({
      docker: {
        'certs.d': {
          'reg.example.com': { 'ca.crt': ca.pem, 'rsa1.cert': leafRsa.pem, 'rsa1.key': keys['rsa1.key'], 'ec.cert': leafRsa.pem, 'ec.key': keys['ec.key'], 'rsa8.key': keys['rsa8.key'] },
          'odd.example.com': { 'ed.key': keys['ed.key'], 'enc8.key': keys['enc8.key'], 'enc1.key': keys['enc1.key'], 'bundle.key': keys['bundle.key'], 'key.crt': keys['rsa8.key'], 'ca.pem': keys['ec.key'] },
        },
      },
      containerd: {
        'certs.d': {
          'toml.example.com': {
            'hosts.toml': 'server = "https://toml.example.com"\n[host."https://toml.example.com"]\n  client = [["c.cert", "c.key"], ["ec.cert", "enc8.key"]]\n',
            'c.cert': leafEc.pem, 'c.key': keys['rsa8.key'], 'ec.cert': leafEc.pem, 'enc8.key': keys['enc8.key'],
          },
        },
      },
    }).base;
    keyFiles = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/PRIVATE KEY/.test(fs.readFileSync(p, 'utf8'))) keyFiles.push(p);
      }
    };
    walk(base);
    assert.ok(keyFiles.length >= 11, `key files: ${keyFiles.length}`);
  });

  it('the scan finds key material when it is there (a scan that cannot fail proves nothing)', () => {
    const pem = fs.readFileSync(keyFiles[0], 'utf8');
    const line = pem.split('\n')[3];
    assert.ok(leak(`a message quoting ${line.slice(5, 5 + WINDOW)} in the middle`, secrets));
    assert.ok(leak(JSON.stringify({ m: pem.slice(40, 120) }), secrets));
    assert.equal(leak('certsd: 3 findings in reg.example.com; sha256 AB:CD', secrets), undefined);
  });

  for (const format of ['text', 'json', 'sarif']) {
    it(`certsd check --format ${format}: stdout and stderr hold no key material`, () => {
      for (const engine of ['docker', 'containerd', 'podman']) {
        const r = spawnSync(process.execPath, [CLI, 'check', path.join(base, 'docker', 'certs.d'), path.join(base, 'containerd', 'certs.d'), '--format', format, '--engine', engine, '--no-color'], { encoding: 'utf8' });
        const out = r.stdout + r.stderr;
        assert.ok(out.length > 100, `${format}/${engine} printed: ${out}`);
        const found = leak(out, secrets);
        assert.equal(found, undefined, `certsd check --format ${format} --engine ${engine} printed key material: ${found}`);
      }
    });
  }

  it('the language server: diagnostics, hovers on every line of every key file, lenses, outline, folding, code actions and its trace hold no key material', async function () {
    this.timeout(60_000);
    const { client } = await startTestServer(base);
    const said: string[] = [];
    client.connection.onNotification('window/logMessage', (m: { message: string }) => void said.push(m.message));
    client.connection.onNotification('$/logTrace', (m: { message: string; verbose?: string }) => void said.push(m.message, m.verbose ?? ''));
    await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
    // A full check again, now that its log is being collected.
    await client.connection.sendRequest(Requests.recheck);
    try {
      for (const file of keyFiles) {
        const uri = toUri(file);
        const text = fs.readFileSync(file, 'utf8');
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'pem', version: 1, text } });
        const lines = text.split('\n');
        for (let line = 0; line < lines.length; line++) {
          for (const character of [0, Math.floor(lines[line].length / 2)]) {
            said.push(JSON.stringify(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } })));
          }
        }
        said.push(JSON.stringify(await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })));
        said.push(JSON.stringify(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })));
        said.push(JSON.stringify(await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })));
        const diagnostics = client.diagnostics.get(file) ?? [];
        said.push(JSON.stringify(await client.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
          context: { diagnostics },
        })));
      }
      const toml = path.join(base, 'containerd', 'certs.d', 'toml.example.com', 'hosts.toml');
      const tomlLines = fs.readFileSync(toml, 'utf8').split('\n');
      for (let line = 0; line < tomlLines.length; line++) {
        for (let character = 0; character < tomlLines[line].length; character += 4) {
          said.push(JSON.stringify(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: toUri(toml) }, position: { line, character } })));
        }
      }
      said.push(JSON.stringify([...client.diagnostics.entries()]));
      const all = said.join('\n');
      assert.ok(all.includes('Private key'), 'the key hovers were seen');
      assert.ok(all.includes('checked '), "the server's log was seen");
      const found = leak(all, secrets);
      assert.equal(found, undefined, `the language server sent key material: ${found}`);
    } finally {
      client.dispose();
    }
  });
});

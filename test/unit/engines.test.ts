/**
 * What each engine's certs.d loader does with a host folder (spec/engine-rules.md, "Files in a
 * host directory"). Error texts are typed from the spec, not copied from the core.
 */
import * as assert from 'node:assert/strict';
import { LoadResult } from '../../server/src/core/engines/result';
import { Engine } from '../../server/src/core/tree';
import { checkTree, counts, deniedFileSystem, TreeRun, TreeRunOptions } from '../helpers/check';
import { CommonPki, commonPki, REGISTRY } from '../helpers/fixtures';
import {
  bundle,
  clientCert,
  ecKey,
  ed25519Key,
  encryptedPkcs1Pem,
  encryptedPkcs8Pem,
  issuedBy,
  opensslTextDump,
  pemBlock,
  pkcs1Pem,
  pkcs8Der,
  pkcs8Pem,
  rsaKey,
  sec1Pem,
  sec1WithParamsPem,
  selfSigned,
  selfSignedCa,
  TestCert,
  x25519Key,
} from '../helpers/pki';
import { dir, symlink, tempTrees, TempTree, TreeSpec } from '../helpers/tree';

const DAY = 86_400_000;
/** Start of an AppleDouble file (macOS `._name`): magic, version, "Mac OS X" filler. */
const APPLE_DOUBLE = Buffer.concat([Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]), Buffer.from('Mac OS X        '), Buffer.alloc(64, 0)]);

describe('engine loaders', () => {
  const makeTree = tempTrees();
  let pki: CommonPki;

  before(async () => {
    pki = await commonPki();
  });

  /** Builds certs.d/<REGISTRY>/ from `files` and runs the check under `engine`. */
  function run(files: TreeSpec, engine: Engine, o: TreeRunOptions = {}): TreeRun {
    return checkTree(makeTree, { [REGISTRY]: files }, engine, o);
  }

  function assertLoads(load: LoadResult, expected: { caRoots: number; ignoredCaFiles: number; clientPairs: number }): void {
    assert.equal(load.error, undefined, `unexpected load error: ${load.error}`);
    assert.equal(load.ok, true);
    assert.deepEqual(counts(load), expected);
  }

  function assertFails(load: LoadResult, error: string): void {
    assert.equal(load.ok, false, 'the load should fail');
    assert.equal(load.error, error);
    // A failed load gives the engine no TLS configuration at all.
    assert.deepEqual(counts(load), { caRoots: 0, ignoredCaFiles: 0, clientPairs: 0 });
  }

  const ALL: Engine[] = ['docker', 'podman', 'containerd'];

  describe('a well-formed folder', () => {
    for (const engine of ALL) {
      it(`loads ca.crt and the client pair under ${engine}`, () => {
        const { load } = run({ 'ca.crt': pki.ca.pem, 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) }, engine);
        assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 1 });
        assert.equal(load.systemRoots, true);
      });
    }

  });

  describe('F1: only .crt, .cert and .key are read', () => {
    for (const engine of ALL) {
      it(`ignores CA.CRT, ca.pem, ca.crt.pem and ca.cer under ${engine}`, () => {
        const { load } = run({ 'CA.CRT': pki.ca.pem, 'ca.pem': pki.ca.pem, 'ca.crt.pem': pki.ca.pem, 'ca.cer': pki.ca.der, 'client.KEY': pkcs8Pem(pki.client.key) }, engine);
        assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 0 });
        assert.equal(load.systemRoots, false);
        assert.deepEqual(load.caFiles, []);
      });
    }
  });

  describe('F2: a folder named *.crt', () => {
    for (const engine of ['docker', 'podman'] as const) {
      it(`fails with "read <d>/x.crt: is a directory" under ${engine}`, () => {
        const r = run({ 'ca.crt': pki.ca.pem, 'x.crt': {} }, engine);
        assertFails(r.load, `read ${r.file('x.crt')}: is a directory`);
      });
    }

    it('is skipped by containerd', () => {
      const { load } = run({ 'ca.crt': pki.ca.pem, 'x.crt': {} }, 'containerd');
      assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
    });

    it('fails containerd when it is a symlink to a folder', () => {
      const r = run({ 'ca.crt': pki.ca.pem, real: {}, 'x.crt': symlink('real') }, 'containerd');
      assertFails(r.load, `unable to read CA cert "${r.file('x.crt')}": read ${r.file('x.crt')}: is a directory`);
    });
  });

  describe('F3: hidden files', () => {
    for (const engine of ALL) {
      it(`loads .ca.crt under ${engine}`, () => {
        assertLoads(run({ '.ca.crt': pki.ca.pem }, engine).load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
      });
    }
  });

  describe('F4: macOS AppleDouble ._ca.crt', () => {
    for (const engine of ['docker', 'podman'] as const) {
      it(`is silently ignored under ${engine}`, () => {
        const { load } = run({ '._ca.crt': APPLE_DOUBLE, 'ca.crt': pki.ca.pem }, engine);
        assertLoads(load, { caRoots: 1, ignoredCaFiles: 1, clientPairs: 0 });
      });
    }

    it('fails containerd with unable to load CA cert', () => {
      const r = run({ '._ca.crt': APPLE_DOUBLE, 'ca.crt': pki.ca.pem }, 'containerd');
      assertFails(r.load, `unable to load CA cert "${r.file('._ca.crt')}"`);
    });
  });

  describe('F6: a dangling .crt symlink', () => {
    it('fails docker with "open <f>: no such file or directory"', () => {
      const r = run({ 'ca.crt': symlink('/nonexistent/ca.crt') }, 'docker');
      assertFails(r.load, `open ${r.file('ca.crt')}: no such file or directory`);
    });

    it('is skipped by podman', () => {
      const { load } = run({ 'ca.crt': symlink('/nonexistent/ca.crt'), 'other.crt': pki.ca.pem }, 'podman');
      assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
      assert.deepEqual(
        load.caFiles.map((c) => [c.entry.name, !!c.skipped]),
        [
          ['ca.crt', true],
          ['other.crt', false],
        ],
      );
    });

    it('fails containerd with "unable to read CA cert"', () => {
      const r = run({ 'ca.crt': symlink('/nonexistent/ca.crt') }, 'containerd');
      assertFails(r.load, `unable to read CA cert "${r.file('ca.crt')}": open ${r.file('ca.crt')}: no such file or directory`);
    });
  });

  describe('C1: a .crt without a usable CERTIFICATE block', () => {
    const unusable: [string, () => string | Buffer][] = [
      ['DER', () => pki.ca.der],
      ['empty', () => ''],
      ['a private key only', () => pkcs8Pem(pki.client.key)],
      ['a CERTIFICATE block with headers', () => pemBlock('CERTIFICATE', pki.ca.der, { Comment: 'registry CA' })],
      ['indented BEGIN/END lines', () => pki.ca.pem.replace(/^-----/gm, '    -----')],
    ];
    for (const [what, content] of unusable) {
      for (const engine of ['docker', 'podman'] as const) {
        it(`silently ignores ${what} under ${engine}`, () => {
          const { load } = run({ 'ca.crt': content() }, engine);
          assertLoads(load, { caRoots: 0, ignoredCaFiles: 1, clientPairs: 0 });
          // The pool still starts from the system roots (C5).
          assert.equal(load.systemRoots, true);
        });
      }
      it(`fails containerd on ${what} with unable to load CA cert`, () => {
        const r = run({ 'ca.crt': content() }, 'containerd');
        assertFails(r.load, `unable to load CA cert "${r.file('ca.crt')}"`);
      });
    }
  });

  describe('C2: a UTF-8 BOM before the first BEGIN', () => {
    it('loses the only certificate (docker ignores the file)', () => {
      const { load } = run({ 'ca.crt': '\ufeff' + pki.ca.pem }, 'docker');
      assertLoads(load, { caRoots: 0, ignoredCaFiles: 1, clientPairs: 0 });
    });

    it('loses only the first block of a bundle', async () => {
      const second = await selfSignedCa({ commonName: 'Second CA', key: ecKey() });
      const { load } = run({ 'ca.crt': '\ufeff' + bundle(pki.ca, second) }, 'podman');
      assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
      assert.equal(load.caFiles[0].added, 1);
    });

    it('fails containerd when nothing remains', () => {
      const r = run({ 'ca.crt': '\ufeff' + pki.ca.pem }, 'containerd');
      assertFails(r.load, `unable to load CA cert "${r.file('ca.crt')}"`);
    });
  });

  describe('C3: CRLF, text before BEGIN, no final newline', () => {
    for (const engine of ALL) {
      it(`loads all three under ${engine}`, () => {
        const { load } = run(
          {
            'crlf.crt': pki.ca.pem.replace(/\n/g, '\r\n'),
            'text.crt': 'Certificate:\n    Data:\n        Version: 3 (0x2)\n' + pki.ca.pem,
            'nonl.crt': pki.ca.pem.trimEnd(),
          },
          engine,
        );
        assertLoads(load, { caRoots: 3, ignoredCaFiles: 0, clientPairs: 0 });
      });
    }
  });

  describe('C4: several certificates in one .crt', () => {
    for (const engine of ALL) {
      it(`adds every CERTIFICATE block and skips other blocks under ${engine}`, async () => {
        const second = await selfSignedCa({ commonName: 'Second CA', key: ecKey() });
        const { load } = run({ 'ca.crt': pki.ca.pem + pkcs8Pem(ecKey()) + second.pem }, engine);
        assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
        assert.equal(load.caFiles[0].added, 2);
      });
    }

    it('lets containerd load a bundle where only one certificate parses', () => {
      const { load } = run({ 'ca.crt': pemBlock('CERTIFICATE', Buffer.from('garbage')) + pki.ca.pem }, 'containerd');
      assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
      assert.equal(load.caFiles[0].added, 1);
    });
  });

  describe('C5: merging with the system roots', () => {
    for (const engine of ALL) {
      it(`starts from the system pool once a .crt is read under ${engine}`, () => {
        assert.equal(run({ 'ca.crt': pki.ca.pem }, engine).load.systemRoots, true);
      });

      it(`keeps the default roots without any .crt under ${engine}`, () => {
        const { load } = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) }, engine);
        assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 1 });
        assert.equal(load.systemRoots, false);
      });
    }
  });

  describe('C6, C7: certificates that still load', () => {
    for (const engine of ALL) {
      it(`accepts a server leaf in .crt as a trust anchor under ${engine}`, () => {
        assertLoads(run({ 'server.crt': pki.server.pem }, engine).load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
      });

      it(`loads an expired CA under ${engine}`, () => {
        const later = new Date(pki.ca.x509.notAfter.getTime() + 10 * DAY);
        assertLoads(run({ 'ca.crt': pki.ca.pem }, engine, { now: later }).load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
      });
    }
  });

  describe('K1: X.cert without X.key', () => {
    it('fails docker with its missing-key error', () => {
      const { load } = run({ 'client.cert': pki.client.pem }, 'docker');
      assertFails(load, 'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt');
    });

    it('fails podman with its missing-key error', () => {
      const { load } = run({ 'client.cert': pki.client.pem }, 'podman');
      assertFails(load, 'missing key client.key for client certificate client.cert. Note that CA certificates should use the extension .crt');
    });

    it('lets containerd read the key from the .cert itself', () => {
      const { load } = run({ 'client.cert': pki.client.pem + pkcs8Pem(pki.client.key) }, 'containerd');
      assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 1 });
    });

    it('fails containerd when the .cert holds only the certificate', () => {
      const { load } = run({ 'client.cert': pki.client.pem }, 'containerd');
      assertFails(load, 'failed to load X509 key pair: tls: found a certificate rather than a key in the PEM for the private key');
    });

    it('lets containerd fall back to the .cert when client.key is a dangling link', () => {
      const { load } = run({ 'client.cert': pki.client.pem + pkcs8Pem(pki.client.key), 'client.key': symlink('/nonexistent/client.key') }, 'containerd');
      assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 1 });
    });
  });

  describe('K2: X.key without X.cert', () => {
    for (const engine of ['docker', 'podman'] as const) {
      it(`fails ${engine} on ca.crt + ca.key`, () => {
        const { load } = run({ 'ca.crt': pki.ca.pem, 'ca.key': pkcs8Pem(pki.ca.key) }, engine);
        assertFails(load, 'missing client certificate ca.cert for key ca.key');
      });
    }

    it('makes containerd ignore the key and send no client certificate', () => {
      const { load } = run({ 'ca.crt': pki.ca.pem, 'ca.key': pkcs8Pem(pki.ca.key) }, 'containerd');
      assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
    });
  });

  describe('K3: pairing by exact base name', () => {
    it('pairs a.cert with a.key only, and reports every error in directory order', () => {
      const { load } = run({ 'client.cert': pki.client.pem, 'client-key.key': pkcs8Pem(pki.client.key) }, 'docker');
      // Go sorts names bytewise: "-" (0x2d) comes before "." (0x2e).
      assertFails(load, 'missing client certificate client-key.cert for key client-key.key');
      assert.deepEqual(
        load.errors.map((e) => e.message),
        [
          'missing client certificate client-key.cert for key client-key.key',
          'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt',
        ],
      );
    });

    it('is case-sensitive', () => {
      const { load } = run({ 'Client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) }, 'podman');
      assertFails(load, 'missing key Client.key for client certificate Client.cert. Note that CA certificates should use the extension .crt');
    });
  });

  describe('K4: private key formats', () => {
    const ok: [string, () => Promise<{ cert: TestCert; key: string }>][] = [
      ['PKCS#1 RSA PRIVATE KEY', async () => ({ cert: pki.client, key: pkcs1Pem(pki.client.key) })],
      ['PKCS#8 RSA', async () => ({ cert: pki.client, key: pkcs8Pem(pki.client.key) })],
      ['PKCS#8 ECDSA P-256', async () => ec('P-256', (k) => pkcs8Pem(k))],
      ['PKCS#8 ECDSA P-384', async () => ec('P-384', (k) => pkcs8Pem(k))],
      ['SEC1 EC PRIVATE KEY', async () => ec('P-256', (k) => sec1Pem(k))],
      ['SEC1 after an EC PARAMETERS block', async () => ec('P-384', (k) => sec1WithParamsPem(k))],
      ['PKCS#8 Ed25519', async () => {
        const cert = await clientCert(pki.ca, { key: ed25519Key() });
        return { cert, key: pkcs8Pem(ed25519Key()) };
      }],
    ];

    async function ec(curve: 'P-256' | 'P-384', format: (k: ReturnType<typeof ecKey>) => string): Promise<{ cert: TestCert; key: string }> {
      const key = ecKey(curve, 3);
      return { cert: await clientCert(pki.ca, { key }), key: format(key) };
    }

    for (const [what, make] of ok) {
      for (const engine of ALL) {
        it(`loads a client pair with a ${what} key under ${engine}`, async () => {
          const { cert, key } = await make();
          assertLoads(run({ 'client.cert': cert.pem, 'client.key': key }, engine).load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 1 });
        });
      }
    }

    it('refuses an X25519 PKCS#8 key', async () => {
      const { load } = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(x25519Key()) }, 'docker');
      assertFails(load, 'tls: found unknown private key type in PKCS#8 wrapping');
    });
  });

  describe('K5: encrypted keys', () => {
    const encrypted: [string, () => string][] = [
      ['ENCRYPTED PRIVATE KEY', () => encryptedPkcs8Pem(pki.client.key)],
      ['Proc-Type: 4,ENCRYPTED', () => encryptedPkcs1Pem(pki.client.key)],
    ];
    for (const [what, key] of encrypted) {
      for (const engine of ['docker', 'podman'] as const) {
        it(`fails ${engine} on ${what} with "tls: failed to parse private key"`, () => {
          assertFails(run({ 'client.cert': pki.client.pem, 'client.key': key() }, engine).load, 'tls: failed to parse private key');
        });
      }
      it(`fails containerd on ${what}, wrapped`, () => {
        assertFails(run({ 'client.cert': pki.client.pem, 'client.key': key() }, 'containerd').load, 'failed to load X509 key pair: tls: failed to parse private key');
      });
    }
  });

  describe('K6: DER instead of PEM', () => {
    for (const engine of ['docker', 'podman'] as const) {
      it(`fails ${engine} on a DER certificate`, () => {
        const { load } = run({ 'client.cert': pki.client.der, 'client.key': pkcs8Pem(pki.client.key) }, engine);
        assertFails(load, 'tls: failed to find any PEM data in certificate input');
      });

      it(`fails ${engine} on a DER key`, () => {
        const { load } = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Der(pki.client.key) }, engine);
        assertFails(load, 'tls: failed to find any PEM data in key input');
      });
    }

    it('fails containerd on a DER certificate, wrapped', () => {
      const { load } = run({ 'client.cert': pki.client.der, 'client.key': pkcs8Pem(pki.client.key) }, 'containerd');
      assertFails(load, 'failed to load X509 key pair: tls: failed to find any PEM data in certificate input');
    });

    it('fails containerd on a DER key, wrapped', () => {
      const { load } = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Der(pki.client.key) }, 'containerd');
      assertFails(load, 'failed to load X509 key pair: tls: failed to find any PEM data in key input');
    });
  });

  describe('K7: .cert and .key swapped', () => {
    const swapped = 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    for (const engine of ['docker', 'podman'] as const) {
      it(`fails ${engine} with "PEM inputs may have been switched"`, () => {
        assertFails(run({ 'client.cert': pkcs8Pem(pki.client.key), 'client.key': pki.client.pem }, engine).load, swapped);
      });
    }

    it('fails containerd with the same error, wrapped', () => {
      assertFails(run({ 'client.cert': pkcs8Pem(pki.client.key), 'client.key': pki.client.pem }, 'containerd').load, `failed to load X509 key pair: ${swapped}`);
    });
  });

  describe('K8: key and certificate do not match', () => {
    for (const engine of ['docker', 'podman'] as const) {
      it(`fails ${engine} on another key of the same algorithm`, () => {
        const { load } = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(rsaKey(2048, 1)) }, engine);
        assertFails(load, 'tls: private key does not match public key');
      });

      it(`fails ${engine} on a key of another algorithm`, () => {
        const { load } = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(ecKey()) }, engine);
        assertFails(load, 'tls: private key type does not match public key type');
      });
    }

    it('fails containerd on a mismatch, wrapped', () => {
      const { load } = run({ 'client.cert': pki.client.pem, 'client.key': sec1Pem(ecKey()) }, 'containerd');
      assertFails(load, 'failed to load X509 key pair: tls: private key type does not match public key type');
    });

    it('fails containerd on another key of the same algorithm, wrapped', () => {
      const { load } = run({ 'client.cert': pki.client.pem, 'client.key': pkcs1Pem(rsaKey(2048, 1)) }, 'containerd');
      assertFails(load, 'failed to load X509 key pair: tls: private key does not match public key');
    });
  });

  describe('K9: a chain in the .cert', () => {
    let intermediate: TestCert;
    let leaf: TestCert;

    before(async () => {
      intermediate = await issuedBy(pki.ca, { commonName: 'Intermediate CA', ca: true, key: ecKey('P-256', 4) });
      leaf = await clientCert(intermediate, { key: ecKey('P-256', 5) });
    });

    for (const engine of ALL) {
      it(`loads leaf-then-intermediate under ${engine}`, () => {
        const { load } = run({ 'client.cert': bundle(leaf, intermediate), 'client.key': pkcs8Pem(leaf.key) }, engine);
        assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 1 });
      });
    }

    it('takes the first block as the leaf, so intermediate-first fails', () => {
      const { load } = run({ 'client.cert': bundle(intermediate, leaf), 'client.key': pkcs8Pem(leaf.key) }, 'docker');
      assertFails(load, 'tls: private key does not match public key');
    });
  });

  describe('K10: client certificates the registry will refuse still load', () => {
    for (const engine of ALL) {
      it(`loads an expired client certificate under ${engine}`, async () => {
        const expired = await clientCert(pki.ca, { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 30 * DAY) });
        const { load } = run({ 'client.cert': expired.pem, 'client.key': pkcs8Pem(expired.key) }, engine);
        assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 1 });
      });

      it(`loads a client certificate whose EKU lacks clientAuth under ${engine}`, async () => {
        const serverOnly = await clientCert(pki.ca, { extKeyUsage: ['serverAuth'] });
        const { load } = run({ 'client.cert': serverOnly.pem, 'client.key': pkcs8Pem(serverOnly.key) }, engine);
        assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 1 });
      });
    }
  });

  describe('the first error aborts the whole folder (docker, podman)', () => {
    it('loads nothing, not even the good ca.crt, when a .cert lacks its key', () => {
      const { load } = run({ 'ca.crt': pki.ca.pem, 'client.cert': pki.client.pem }, 'docker');
      assertFails(load, 'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt');
      assert.equal(load.caFiles[0].added, 1);
    });

    it('returns the first error in directory order and records the later ones', () => {
      const { load } = run({ 'a.cert': pki.client.pem, 'b.key': pkcs8Pem(pki.client.key) }, 'podman');
      assert.deepEqual(
        load.errors.map((e) => [e.kind, e.message]),
        [
          ['missing-key', 'missing key a.key for client certificate a.cert. Note that CA certificates should use the extension .crt'],
          ['missing-cert', 'missing client certificate b.cert for key b.key'],
        ],
      );
      assert.equal(load.error, load.errors[0].message);
    });
  });

  describe('P7: an unreadable host folder', () => {
    const deniedFolder = (t: TempTree) => deniedFileSystem([t.path('certs.d', REGISTRY)]);

    it('fails docker with "open <dir>: permission denied"', () => {
      const r = run({ 'ca.crt': pki.ca.pem }, 'docker', { fs: deniedFolder });
      assertFails(r.load, `open ${r.tree.path('certs.d', REGISTRY)}: permission denied`);
    });

    it('is silently skipped by podman', () => {
      const { load } = run({ 'ca.crt': pki.ca.pem }, 'podman', { fs: deniedFolder });
      assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 0 });
    });

    it('fails containerd on hosts.toml', () => {
      const r = run({ 'ca.crt': pki.ca.pem }, 'containerd', { fs: deniedFolder });
      // loadHostDir reads hosts.toml before anything else; without search permission that open fails.
      assertFails(r.load, `open ${r.file('hosts.toml')}: permission denied`);
    });
  });

  describe('P8: an unreadable file', () => {
    for (const engine of ['docker', 'podman'] as const) {
      it(`fails ${engine} with "open <f>: permission denied" on a .crt`, () => {
        const r = run({ 'ca.crt': pki.ca.pem }, engine, { fs: (t) => deniedFileSystem([t.path('certs.d', REGISTRY, 'ca.crt')]) });
        assertFails(r.load, `open ${r.file('ca.crt')}: permission denied`);
      });

      it(`fails ${engine} with "open <f>: permission denied" on a client key`, () => {
        const r = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) }, engine, {
          fs: (t) => deniedFileSystem([t.path('certs.d', REGISTRY, 'client.key')]),
        });
        assertFails(r.load, `open ${r.file('client.key')}: permission denied`);
      });
    }

    it('fails containerd with "unable to read CA cert" on a .crt', () => {
      const r = run({ 'ca.crt': pki.ca.pem }, 'containerd', { fs: (t) => deniedFileSystem([t.path('certs.d', REGISTRY, 'ca.crt')]) });
      assertFails(r.load, `unable to read CA cert "${r.file('ca.crt')}": open ${r.file('ca.crt')}: permission denied`);
    });

    it('fails containerd with "unable to read CERT file" on a client key', () => {
      const r = run({ 'client.cert': pki.client.pem, 'client.key': pkcs8Pem(pki.client.key) }, 'containerd', {
        fs: (t) => deniedFileSystem([t.path('certs.d', REGISTRY, 'client.key')]),
      });
      assertFails(r.load, `unable to read CERT file "${r.file('client.key')}": open ${r.file('client.key')}: permission denied`);
    });
  });

  describe('containerd hosts.toml', () => {
    const toml = 'server = "https://reg.example.com:5000"\n\n[host."https://reg.example.com:5000"]\n  ca = "registry-ca.pem"\n';

    it('makes containerd ignore loose files, even broken ones', () => {
      const { load } = run({ 'hosts.toml': toml, 'registry-ca.pem': pki.ca.pem, 'ca.crt': pki.ca.pem, 'broken.crt': 'junk', 'client.cert': pki.client.pem }, 'containerd');
      assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 0 });
      assert.equal(load.hostsToml, true);
      // The registry itself (`server`, tried last) has no TLS settings of its own; the mirror table has the CA.
      assert.equal(load.systemRoots, false);
      assert.deepEqual(load.tomlHosts?.map((h) => [h.host.name, h.host.host, h.host.path, h.caCertificates.length]), [
        ['https://reg.example.com:5000', 'reg.example.com:5000', '/v2', 1],
        [undefined, 'reg.example.com:5000', '/v2', 0],
      ]);
    });

    it('fails containerd on a file hosts.toml names that does not exist', () => {
      const r = run({ 'hosts.toml': toml }, 'containerd');
      const missing = r.file('registry-ca.pem');
      assertFails(r.load, `unable to read CA cert "${missing}": open ${missing}: no such file or directory`);
    });

    it('falls back to the loose files when hosts.toml does not decode', () => {
      for (const bad of ['[host."https://m"\nca = "x"', 'skip_verify = "yes"', '[host."https://m"]\ncapabilities = ["pull", "fetch"]', '[host."https://m"]\ndial_timeout = "30"']) {
        const { load } = run({ 'hosts.toml': bad, 'ca.crt': pki.ca.pem }, 'containerd');
        assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
        assert.equal(load.hostsToml, false, bad);
        assert.ok(load.hostsTomlError, bad);
      }
    });

    it('reports a hosts.toml containerd cannot decode, with its reason', () => {
      const r = run({ 'hosts.toml': '[host."https://m"]\ndial_timeout = "30"\n', 'ca.crt': pki.ca.pem }, 'containerd');
      const f = r.report.findings.find((x) => x.code === 'certsd/hosts-toml-ignored');
      assert.ok(f, 'certsd/hosts-toml-ignored reported');
      assert.equal(f.path, r.file('hosts.toml'));
      assert.match(f.message, /containerd cannot decode hosts\.toml \(time: missing unit in duration "30"\): it only logs "failed to decode"/);
    });

    it('points at the syntax error and at the key whose value containerd refuses', () => {
      const syntax = run({ 'hosts.toml': 'server = "https://r"\nca = = "x"\n' }, 'containerd');
      const f = syntax.report.findings.find((x) => x.code === 'certsd/hosts-toml-ignored')!;
      assert.equal(f.range.start.line, 1, JSON.stringify(f.range));
      const typed = run({ 'hosts.toml': 'server = "https://r"\n\n[host."https://m"]\n  capabilities = ["pull", "fetch"]\n' }, 'containerd');
      const g = typed.report.findings.find((x) => x.code === 'certsd/hosts-toml-ignored')!;
      assert.match(g.message, /unknown capability fetch/);
      assert.deepEqual(g.range.start, { line: 3, character: 2 });
    });

    it('warns about keys containerd ignores, with the key meant', () => {
      const r = run({ 'hosts.toml': '[host."https://m"]\n  skip-verify = true\n  capabilites = ["pull"]\n  Ca = "ca.crt"\n', 'ca.crt': pki.ca.pem }, 'containerd');
      const found = r.report.findings.filter((x) => x.code === 'certsd/hosts-toml-unknown-key');
      assert.deepEqual(
        found.map((x) => [x.range.start.line, x.message.replace(/^containerd ignores /, '')]),
        [
          [1, '"skip-verify" without a word: it is not a hosts.toml key. Did you mean "skip_verify"?'],
          [2, '"capabilites" without a word: it is not a hosts.toml key. Did you mean "capabilities"?'],
        ],
      );
    });

    it('takes keys whatever their case, as go-toml does: CA = sets ca', () => {
      const r = run({ 'hosts.toml': 'CA = "missing.crt"\n' }, 'containerd');
      assertFails(r.load, `unable to read CA cert "${r.file('missing.crt')}": open ${r.file('missing.crt')}: no such file or directory`);
    });

    it('refuses referrers before containerd 2.2 and dial_timeout parses only from 2.1', () => {
      const file = '[host."https://m"]\ncapabilities = ["pull", "referrers"]\n';
      assert.equal(run({ 'hosts.toml': file }, 'containerd').load.hostsToml, true);
      const old = run({ 'hosts.toml': file, 'ca.crt': pki.ca.pem }, 'containerd', { releases: { containerd: '1.7' } }).load;
      assert.equal(old.hostsToml, false);
      assert.equal(old.hostsTomlError, 'unknown capability referrers');
      // 1.7 has no dial_timeout key: an invalid one is ignored there.
      assert.equal(run({ 'hosts.toml': '[host."https://m"]\ndial_timeout = "30"\n' }, 'containerd', { releases: { containerd: '1.7' } }).load.hostsToml, true);
    });

    it('does not change what docker reads', () => {
      const { load } = run({ 'hosts.toml': toml, 'ca.crt': pki.ca.pem }, 'docker');
      assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
      assert.equal(load.hostsToml, false);
    });

    it('falls back to the loose files when hosts.toml is empty', () => {
      // hosts.go loadHostDir: `if len(b) == 0 { return loadCertFiles(ctx, hostsDir) }`.
      const { load } = run({ 'hosts.toml': '', 'ca.crt': pki.ca.pem }, 'containerd');
      assertLoads(load, { caRoots: 1, ignoredCaFiles: 0, clientPairs: 0 });
      assert.equal(load.hostsToml, false);
    });
  });

  it('evaluates a self-signed client pair made as in Docker\'s docs like any other pair', async () => {
    const cert = await selfSigned({ commonName: 'client', ca: true, key: rsaKey(2048, 3) });
    const { load } = run({ 'client.cert': opensslTextDump(cert) + cert.pem, 'client.key': pkcs1Pem(cert.key) }, 'docker');
    assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 1 });
  });

  it('reads certificates in a sub-folder of a host folder under no engine', () => {
    for (const engine of ALL) {
      const { load } = run({ sub: dir({ 'ca.crt': pki.ca.pem }) }, engine);
      assertLoads(load, { caRoots: 0, ignoredCaFiles: 0, clientPairs: 0 });
    }
  });
});

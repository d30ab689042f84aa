/**
 * san-mismatch keeps DNS names and IP addresses apart, as Go's Certificate.VerifyHostname does: an
 * IP-address host folder whose certificate has the address only as a DNS-typed SAN is refused
 * ("doesn't contain any IP SANs"). The expected texts are what Go 1.26.8 printed for the same
 * certificates and hosts; when a Go toolchain is there, a matrix of certificates and hosts is also
 * compared with Go itself.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { parseCertificate } from '../../server/src/core/go/x509';
import { verifyHostname } from '../../server/src/core/go/verify';
import { assertNoFinding, runCheck, theFinding } from '../helpers/check';
import { basicConstraints, buildCertificate, pem, sanExtension } from '../helpers/der';
import { tempTrees } from '../helpers/tree';
import { buildGoOracle } from '../fuzz/pemDifferential';

type San = Parameters<typeof sanExtension>[0][number];

describe('san-mismatch: DNS names and IP addresses apart, as Go', () => {
  const tree = tempTrees();
  const key = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const leaf = (sans: San[]) => buildCertificate(key, { extensions: [basicConstraints(false), sanExtension(sans)] });
  const v4 = (s: string) => Buffer.from(s.split('.').map(Number));

  function check(folder: string, der: Buffer) {
    const t = tree({ 'certs.d': { [folder]: { 'server.crt': pem('CERTIFICATE', der) } } });
    return { report: runCheck(t.path('certs.d'), { engine: 'containerd' }), file: t.path('certs.d', folder, 'server.crt') };
  }

  it('refuses an IP host folder whose certificate has the address only as a DNS name', () => {
    const { report, file } = check('10.0.0.5:5000', leaf([{ dns: '10.0.0.5' }]));
    const f = theFinding(report, 'certsd/san-mismatch', file);
    assert.ok(f.message.includes(`Go refuses it with "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs"`), f.message);
    assert.ok(f.message.includes('only as a DNS name') && f.message.includes('IP:10.0.0.5'), f.message);
  });

  it("names the certificate's IP SANs when none is the folder's address", () => {
    const f = theFinding(check('10.0.0.5:5000', leaf([{ ip: v4('10.0.0.6') }, { dns: 'reg.example.com' }])).report, 'certsd/san-mismatch');
    assert.ok(f.message.includes('"x509: certificate is valid for 10.0.0.6, not 10.0.0.5"'), f.message);
  });

  it('refuses a name host folder whose certificate has IP SANs only', () => {
    const f = theFinding(check('reg.example.com', leaf([{ ip: v4('10.0.0.5') }])).report, 'certsd/san-mismatch');
    assert.ok(f.message.includes('"x509: certificate is not valid for any names, but wanted to match reg.example.com"'), f.message);
  });

  it('matches an IPv4 address with its IPv4-mapped IPv6 form, and [::1] with ::1', () => {
    assertNoFinding(check('10.0.0.5:5000', leaf([{ ip: Buffer.from('00000000000000000000ffff0a000005', 'hex') }])).report, 'certsd/san-mismatch');
    assertNoFinding(check('[::1]:5000', leaf([{ ip: Buffer.from('00000000000000000000000000000001', 'hex') }])).report, 'certsd/san-mismatch');
  });

  it('takes 010.0.0.5 for a name, as Go does (no leading zeros in an address)', () => {
    const f = theFinding(check('010.0.0.5:5000', leaf([{ dns: '10.0.0.5' }])).report, 'certsd/san-mismatch');
    assert.ok(f.message.includes('"x509: certificate is valid for 10.0.0.5, not 010.0.0.5"'), f.message);
  });

  it('agrees with Go on a matrix of certificates and hosts', function () {
    const oracle = buildGoOracle('verifyhostname');
    if (!oracle.binary) this.skip();
    const certs: Buffer[] = [
      leaf([{ dns: '10.0.0.5' }]),
      leaf([{ ip: v4('10.0.0.6') }, { dns: 'reg.example.com' }]),
      leaf([{ ip: v4('10.0.0.5') }]),
      leaf([{ ip: Buffer.from('00000000000000000000000000000001', 'hex') }]),
      leaf([{ ip: Buffer.from('00000000000000000000ffff0a000005', 'hex') }]),
      leaf([{ dns: '*.example.com' }, { dns: 'Reg_1.Example.COM.' }, { dns: '*' }, { dns: 'a*.example.com' }]),
      leaf([{ email: 'a@b.c' }]),
      leaf(Array.from({ length: 100 }, (_, i) => ({ dns: `n${i}.example.com` }))),
      leaf(Array.from({ length: 100 }, (_, i) => ({ ip: v4(`10.0.1.${i}`) }))),
    ];
    const hosts = ['10.0.0.5', '10.0.0.6', '::1', '[::1]', '0:0:0:0:0:0:0:1', '010.0.0.5', 'reg.example.com', 'REG.example.com.', 'a.example.com', 'x.a.example.com', 'reg_1.example.com', 'localhost', '::ffff:10.0.0.5', 'ab.example.com', '*', 'fe80::1%eth0', '1::', '::', '1:2:3:4:5:6:7::', '::1.2.3.4', '1.2.3', '-a.example.com'];
    const lines: string[] = [];
    const ours: string[] = [];
    for (const der of certs) {
      const c = parseCertificate(der);
      assert.ok(c.ok);
      for (const h of hosts) {
        lines.push(`${der.toString('base64')}\t${h}`);
        const r = verifyHostname(c.value.go, h);
        ours.push(r.ok ? 'ok' : r.error);
      }
    }
    const go = spawnSync(oracle.binary!, [], { input: lines.join('\n') + '\n', encoding: 'utf8' }).stdout.split('\n').slice(0, lines.length);
    const differ = ours.flatMap((o, i) => (o === go[i] ? [] : [`${hosts[i % hosts.length]}: Go "${go[i]}", certsd "${o}"`]));
    assert.deepEqual(differ, []);
  });
});

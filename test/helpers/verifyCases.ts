/**
 * Chains for crypto/x509 Verify's corner cases, made at test time, each with the error Go 1.26
 * gives (written by hand from verify.go, and checked once by running Go's Verify on the same
 * certificates: a 20-line Go program that prints `err` for each case).
 */
import { ecKey, issuedBy, selfSignedCa, serverCert, TestCert } from './pki';

export interface VerifyCase {
  name: string;
  leaf: TestCert;
  intermediates: TestCert[];
  roots: TestCert[];
  dnsName: string;
  /** Go's error, or 'ok N' for a chain of N certificates. */
  expect: string | RegExp;
}

const DAY = 86_400_000;

export async function verifyCases(): Promise<VerifyCase[]> {
  const root = await selfSignedCa({ commonName: 'Verify Root', key: ecKey('P-256', 31) });
  const sameNameRoot = await selfSignedCa({ commonName: 'Verify Root', key: ecKey('P-256', 32) });
  const expiredRoot = await selfSignedCa({ commonName: 'Verify Root', key: ecKey('P-256', 31), notBefore: new Date(Date.now() - 40 * DAY), notAfter: new Date(Date.now() - DAY) });
  const inter = await issuedBy(root, { commonName: 'Verify Intermediate', ca: true, key: ecKey('P-256', 33) });
  const notCa = await issuedBy(root, { commonName: 'Verify Not A CA', ca: false, key: ecKey('P-256', 34) });
  const sha1Inter = await issuedBy(root, { commonName: 'Verify SHA1 Intermediate', ca: true, key: ecKey('P-256', 35), hash: 'SHA-1' });
  const leafKey = ecKey('P-256', 36);
  const leaf = await serverCert(inter, 'reg.verify.test', { key: leafKey });
  const selfLeaf = await serverCert(root, 'self.verify.test', { key: leafKey });
  return [
    { name: 'a chain through the intermediate', leaf, intermediates: [inter], roots: [root], dnsName: 'reg.verify.test', expect: 'ok 3' },
    { name: 'the leaf itself is a root (a server certificate in ca.crt)', leaf: selfLeaf, intermediates: [], roots: [selfLeaf], dnsName: 'self.verify.test', expect: 'ok 1' },
    { name: 'no intermediate', leaf, intermediates: [], roots: [root], dnsName: 'reg.verify.test', expect: 'x509: certificate signed by unknown authority' },
    {
      name: 'a root of the same name with another key',
      leaf,
      intermediates: [inter],
      roots: [sameNameRoot],
      dnsName: 'reg.verify.test',
      expect: 'x509: certificate signed by unknown authority (possibly because of "x509: ECDSA verification failure" while trying to verify candidate authority certificate "Verify Root")',
    },
    {
      name: 'the only root is expired: its isValid error, not unknown authority',
      leaf,
      intermediates: [inter],
      roots: [expiredRoot],
      dnsName: 'reg.verify.test',
      expect: /^x509: certificate has expired or is not yet valid: current time \S+ is after \S+$/,
    },
    {
      name: 'the issuer is not a CA',
      leaf: await serverCert(notCa, 'reg.verify.test', { key: leafKey }),
      intermediates: [notCa],
      roots: [root],
      dnsName: 'reg.verify.test',
      expect: 'x509: certificate signed by unknown authority (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "Verify Not A CA")',
    },
    {
      name: 'an intermediate signed with SHA-1',
      leaf: await serverCert(sha1Inter, 'reg.verify.test', { key: leafKey }),
      intermediates: [sha1Inter],
      roots: [root],
      dnsName: 'reg.verify.test',
      expect: 'x509: certificate signed by unknown authority (possibly because of "x509: cannot verify signature: insecure algorithm ECDSA-SHA1" while trying to verify candidate authority certificate "Verify Root")',
    },
    {
      name: 'a client certificate used as a server certificate',
      leaf: await serverCert(inter, 'reg.verify.test', { key: leafKey, extKeyUsage: ['clientAuth'] }),
      intermediates: [inter],
      roots: [root],
      dnsName: 'reg.verify.test',
      expect: 'x509: certificate specifies an incompatible key usage',
    },
    {
      name: 'a wildcard does not cover two labels',
      leaf: await serverCert(inter, '*.verify.test', { key: leafKey }),
      intermediates: [inter],
      roots: [root],
      dnsName: 'a.b.verify.test',
      expect: 'x509: certificate is valid for *.verify.test, not a.b.verify.test',
    },
    { name: 'names match without regard to ASCII case', leaf, intermediates: [inter], roots: [root], dnsName: 'REG.Verify.TEST', expect: 'ok 3' },
    {
      name: 'an IP address against DNS and IP names',
      leaf: await serverCert(inter, 'reg.verify.test', { key: leafKey, sans: ['reg.verify.test', '10.0.0.1', '::1'] }),
      intermediates: [inter],
      roots: [root],
      dnsName: '10.0.0.2',
      expect: 'x509: certificate is valid for 10.0.0.1, ::1, not 10.0.0.2',
    },
    {
      name: 'an expired leaf is refused before its name is looked at',
      leaf: await serverCert(inter, 'other.verify.test', { key: leafKey, notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) }),
      intermediates: [inter],
      roots: [root],
      dnsName: 'reg.verify.test',
      expect: /^x509: certificate has expired or is not yet valid: current time \S+ is after \S+$/,
    },
  ];
}

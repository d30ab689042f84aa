/**
 * Cases for crypto/x509 Certificate.Verify, VerifyHostname and CheckSignatureFrom (Go 1.26), used by
 * test/unit/goModelsAVerify.test.ts. Each expected text was worked out from Go's verify.go and
 * x509.go, then checked by running Go 1.26's own Verify / VerifyHostname / CheckSignatureFrom on
 * the same DER (a small standard-library program reading these cases as JSON lines, see
 * goModelsAVectors below).
 */
import * as crypto from 'node:crypto';
import * as d from './der';
import { build, caExtensions, ekuExtension, keyUsage, leafExtensions, NOW, p256, rsa2048, tbsOf } from './goModelsA';

export interface VerifyCaseA {
  name: string;
  leaf: Buffer;
  intermediates: Buffer[];
  roots: Buffer[];
  dnsName: string;
  now: Date;
  /** Minutes east of UTC of the "current time" Go prints. */
  offset: number;
  /** Go's error, or 'ok N' for a first chain of N certificates. */
  expect: string;
  /** What the model says it could not follow (empty unless given). */
  unmodelled?: string[];
}

export interface HostnameCaseA {
  name: string;
  cert: Buffer;
  host: string;
  /** Go's error, or 'ok'. */
  expect: string;
  /** The SAN the model reports as matched. */
  matched?: string;
}

export interface SignatureCaseA {
  name: string;
  child: Buffer;
  parent: Buffer;
  /** Go's error, or 'ok'. */
  expect: string;
}

const ROOT = 'Verify A Root';
const INTER = 'Verify A Intermediate';
const rootKey = () => p256(1);
const interKey = () => p256(2);
const leafKey = () => p256(3);
const otherKey = () => p256(4);

const root = () => build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions() });
const inter = (extensions = caExtensions(), more: Partial<Parameters<typeof build>[0]> = {}) => build({ signer: rootKey(), key: interKey(), subject: INTER, issuer: ROOT, extensions, ...more });
const leaf = (more: Partial<Parameters<typeof build>[0]> = {}) => build({ signer: interKey(), key: leafKey(), subject: 'reg.verify-a.test', issuer: INTER, extensions: leafExtensions(['reg.verify-a.test']), ...more });
/** A leaf signed directly by the root. */
const rootLeaf = (more: Partial<Parameters<typeof build>[0]> = {}) => leaf({ signer: rootKey(), issuer: ROOT, ...more });

const UA = 'x509: certificate signed by unknown authority';
const hint = (error: string, name: string) => `${UA} (possibly because of ${JSON.stringify(error)} while trying to verify candidate authority certificate ${JSON.stringify(name)})`;
const EXPIRED = 'x509: certificate has expired or is not yet valid: current time';

export function verifyCasesA(): VerifyCaseA[] {
  const base = { dnsName: 'reg.verify-a.test', now: NOW, offset: 0, intermediates: [inter()], roots: [root()] };
  const wrongRoots = (n: number) => Array.from({ length: n }, (_, i) => build({ signer: otherKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions(), serial: BigInt(1000 + i) }));
  const loopA = build({ signer: otherKey(), key: interKey(), subject: INTER, issuer: 'Verify A Loop', extensions: caExtensions() });
  const theLeaf = leaf();
  const policyLeaf = leaf({ extensions: [...leafExtensions(['reg.verify-a.test']), d.extension(d.OID.policyConstraints, d.seq(d.ctxPrim(0, Buffer.from([1]))))] });
  const sanInter = build({ signer: rootKey(), key: interKey(), subject: INTER, issuer: ROOT, extensions: [...caExtensions(), d.sanExtension([{ dns: 'ca.verify-a.test' }])] });
  const loopB = build({ signer: interKey(), key: otherKey(), subject: 'Verify A Loop', issuer: INTER, extensions: caExtensions() });
  return [
    { ...base, name: 'a chain through the intermediate', leaf: leaf(), expect: 'ok 3' },
    { ...base, name: 'a leaf that is itself in the roots (not self-signed)', leaf: theLeaf, intermediates: [], roots: [theLeaf], expect: 'ok 1' },
    { ...base, name: 'a leaf signed by the root itself', leaf: rootLeaf(), intermediates: [], expect: 'ok 2' },
    { ...base, name: 'no name to check: the leaf names another host', leaf: leaf(), dnsName: '', expect: 'ok 3' },
    { ...base, name: 'an expired leaf', leaf: leaf({ notAfter: '260101000000Z' }), expect: `${EXPIRED} 2026-06-01T00:00:00Z is after 2026-01-01T00:00:00Z` },
    { ...base, name: 'an expired leaf, the current time at -05:30', leaf: leaf({ notAfter: '260101000000Z' }), offset: -330, expect: `${EXPIRED} 2026-05-31T18:30:00-05:30 is after 2026-01-01T00:00:00Z` },
    { ...base, name: 'an expired leaf, the current time at +02:00', leaf: leaf({ notAfter: '260101000000Z' }), offset: 120, expect: `${EXPIRED} 2026-06-01T02:00:00+02:00 is after 2026-01-01T00:00:00Z` },
    { ...base, name: 'a leaf not yet valid', leaf: leaf({ notBefore: '270101000000Z', notAfter: '280101000000Z' }), expect: `${EXPIRED} 2026-06-01T00:00:00Z is before 2027-01-01T00:00:00Z` },
    { ...base, name: 'a leaf whose notAfter is the current second', leaf: leaf({ notAfter: '260601000000Z' }), expect: 'ok 3' },
    { ...base, name: 'a leaf whose notBefore is the current second', leaf: leaf({ notBefore: '260601000000Z' }), expect: 'ok 3' },
    { ...base, name: 'one second after notAfter', leaf: leaf({ notAfter: '260531235959Z' }), expect: `${EXPIRED} 2026-06-01T00:00:00Z is after 2026-05-31T23:59:59Z` },
    { ...base, name: 'an expired intermediate: its own error, not unknown authority', leaf: leaf(), intermediates: [inter(caExtensions(), { notAfter: '260101000000Z' })], expect: `${EXPIRED} 2026-06-01T00:00:00Z is after 2026-01-01T00:00:00Z` },
    { ...base, name: 'an expired root', leaf: rootLeaf(), intermediates: [], roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions(), notAfter: '260101000000Z' })], expect: `${EXPIRED} 2026-06-01T00:00:00Z is after 2026-01-01T00:00:00Z` },
    {
      ...base,
      name: 'an expired root before a valid one of the same name and key',
      leaf: rootLeaf(),
      intermediates: [],
      roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions(), notAfter: '260101000000Z', serial: 7n }), root()],
      expect: 'ok 2',
    },
    {
      ...base,
      name: 'a root that does not sign, then an expired one: the last isValid error stays',
      leaf: rootLeaf(),
      intermediates: [],
      roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions(), notAfter: '260101000000Z', serial: 7n }), ...wrongRoots(1)],
      expect: `${EXPIRED} 2026-06-01T00:00:00Z is after 2026-01-01T00:00:00Z`,
    },
    { ...base, name: 'a version 1 intermediate (no basicConstraints): not authorized to sign', leaf: leaf(), intermediates: [inter(undefined, { version: null })], expect: 'x509: certificate is not authorized to sign other certificates' },
    { ...base, name: 'a version 1 root signs', leaf: rootLeaf(), intermediates: [], roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, version: null })], expect: 'ok 2' },
    { ...base, name: 'a root with pathLen 0 above an intermediate', leaf: leaf(), roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions(0) })], expect: 'x509: too many intermediates for path length constraint' },
    { ...base, name: 'a root with pathLen 1 above an intermediate', leaf: leaf(), roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions(1) })], expect: 'ok 3' },
    { ...base, name: 'an intermediate with pathLen 0', leaf: leaf(), intermediates: [inter(caExtensions(0))], expect: 'ok 3' },
    {
      ...base,
      name: 'a leaf with an unknown critical extension',
      leaf: leaf({ extensions: [...leafExtensions(['reg.verify-a.test']), d.extension('1.2.3.4', d.nul(), true)] }),
      expect: 'x509: unhandled critical extension',
    },
    { ...base, name: 'an unknown extension that is not critical', leaf: leaf({ extensions: [...leafExtensions(['reg.verify-a.test']), d.extension('1.2.3.4', d.nul(), false)] }), expect: 'ok 3' },
    { ...base, name: 'an intermediate with an unknown critical extension', leaf: leaf(), intermediates: [inter([...caExtensions(), d.extension('1.2.3.4', d.nul(), true)])], expect: 'x509: unhandled critical extension' },
    { ...base, name: 'no issuer anywhere', leaf: leaf(), intermediates: [], roots: [], expect: UA },
    { ...base, name: 'the issuer missing, an unrelated root', leaf: leaf(), intermediates: [], expect: UA },
    { ...base, name: 'a root of the same name with another key', leaf: rootLeaf(), intermediates: [], roots: wrongRoots(1), expect: hint('x509: ECDSA verification failure', ROOT) },
    {
      ...base,
      name: 'two failing roots: the hint names the first failure',
      leaf: rootLeaf(),
      intermediates: [],
      roots: [...wrongRoots(1), build({ signer: rsa2048(), subject: ROOT, issuer: ROOT, extensions: caExtensions() })],
      expect: hint('x509: ECDSA verification failure', ROOT),
    },
    {
      ...base,
      name: 'a root that is no CA, then one with another key: the hint is the first',
      leaf: rootLeaf(),
      intermediates: [],
      roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: [d.basicConstraints(false)] }), ...wrongRoots(1)],
      expect: hint('x509: invalid signature: parent certificate cannot sign this kind of certificate', ROOT),
    },
    {
      ...base,
      name: 'a hint naming the candidate by its organization',
      leaf: rootLeaf({ issuer: d.name([d.OID.organization, d.utf8('Verify A Org')]) }),
      intermediates: [],
      roots: [build({ signer: otherKey(), subject: d.name([d.OID.organization, d.utf8('Verify A Org')]), issuer: ROOT, extensions: caExtensions() })],
      expect: hint('x509: ECDSA verification failure', 'Verify A Org'),
    },
    {
      ...base,
      name: 'a hint naming the candidate by its serial',
      leaf: rootLeaf({ issuer: d.seq() }),
      intermediates: [],
      roots: [build({ signer: otherKey(), subject: d.seq(), issuer: ROOT, extensions: caExtensions(), serial: 4660n })],
      expect: hint('x509: ECDSA verification failure', 'serial:4660'),
    },
    { ...base, name: 'a wrong root, then the right one', leaf: rootLeaf(), intermediates: [], roots: [...wrongRoots(1), root()], expect: 'ok 2' },
    { ...base, name: 'a wrong root of the intermediate, then the chain through the intermediate', leaf: leaf(), roots: [root()], intermediates: [build({ signer: otherKey(), key: interKey(), subject: INTER, issuer: ROOT, extensions: caExtensions() }), inter()], expect: 'ok 3' },
    { ...base, name: '101 signature checks: the limit', leaf: rootLeaf(), intermediates: [], roots: [...wrongRoots(100), root()], expect: 'x509: signature check attempts limit reached while verifying certificate chain' },
    { ...base, name: '100 signature checks, the last one good', leaf: rootLeaf(), intermediates: [], roots: [...wrongRoots(99), root()], expect: 'ok 2' },
    { ...base, name: '100 failed signature checks: unknown authority, not the limit', leaf: rootLeaf(), intermediates: [], roots: wrongRoots(100), expect: hint('x509: ECDSA verification failure', ROOT) },
    { ...base, name: 'the limit stops the intermediates too', leaf: leaf(), roots: wrongRoots(101), intermediates: [inter()], expect: 'x509: signature check attempts limit reached while verifying certificate chain' },
    { ...base, name: 'two cross-signed intermediates and no root: the loop is cut', leaf: leaf(), roots: [], intermediates: [loopA, loopB], expect: UA },
    {
      ...base,
      name: 'a loop back to an intermediate with another SAN extension: not the same certificate for alreadyInChain',
      leaf: leaf(),
      roots: [root()],
      intermediates: [build({ signer: otherKey(), key: interKey(), subject: INTER, issuer: 'Verify A Loop', extensions: caExtensions() }), loopB, sanInter],
      expect: 'ok 5',
    },
    {
      ...base,
      name: 'two cross-signed intermediates with the same SAN extension: the loop is cut',
      leaf: leaf(),
      roots: [],
      intermediates: [
        build({ signer: otherKey(), key: interKey(), subject: INTER, issuer: 'Verify A Loop', extensions: [...caExtensions(), d.sanExtension([{ dns: 'ca.verify-a.test' }])] }),
        build({ signer: interKey(), key: otherKey(), subject: 'Verify A Loop', issuer: INTER, extensions: [...caExtensions(), d.sanExtension([{ dns: 'loop.verify-a.test' }])] }),
      ],
      expect: UA,
    },
    {
      ...base,
      name: 'a key rollover: the new key of the root\'s name, cross-signed by the old root',
      leaf: build({ signer: otherKey(), key: leafKey(), subject: 'reg.verify-a.test', issuer: ROOT, extensions: leafExtensions(['reg.verify-a.test']) }),
      roots: [root()],
      intermediates: [build({ signer: rootKey(), key: otherKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions() })],
      expect: 'ok 3',
    },
    {
      ...base,
      name: 'an intermediate with its root\'s key under another name',
      leaf: build({ signer: rootKey(), key: leafKey(), subject: 'reg.verify-a.test', issuer: INTER, extensions: leafExtensions(['reg.verify-a.test']) }),
      roots: [root()],
      intermediates: [build({ signer: rootKey(), key: rootKey(), subject: INTER, issuer: ROOT, extensions: caExtensions() })],
      expect: 'ok 3',
    },
    {
      ...base,
      name: 'an issuer with an X25519 key is skipped (no public key for Go)',
      leaf: rootLeaf(),
      intermediates: [],
      roots: [build({ signer: otherKey(), subject: ROOT, issuer: ROOT, extensions: caExtensions(), spki: crypto.generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }) })],
      expect: UA,
    },
    { ...base, name: 'a wrong host name: checked before any chain', leaf: leaf(), roots: [], intermediates: [], dnsName: 'other.verify-a.test', expect: 'x509: certificate is valid for reg.verify-a.test, not other.verify-a.test' },
    { ...base, name: 'a client certificate as a server certificate', leaf: leaf({ extensions: leafExtensions(['reg.verify-a.test'], [d.OID.clientAuth]) }), expect: 'x509: certificate specifies an incompatible key usage' },
    { ...base, name: 'a leaf with an unknown extended key usage only', leaf: leaf({ extensions: leafExtensions(['reg.verify-a.test'], ['1.2.3.4']) }), expect: 'x509: certificate specifies an incompatible key usage' },
    { ...base, name: 'a leaf with clientAuth and serverAuth', leaf: leaf({ extensions: leafExtensions(['reg.verify-a.test'], [d.OID.clientAuth, d.OID.serverAuth]) }), expect: 'ok 3' },
    { ...base, name: 'a leaf without extended key usage', leaf: leaf({ extensions: leafExtensions(['reg.verify-a.test'], []) }), expect: 'ok 3' },
    { ...base, name: 'an intermediate for clientAuth only', leaf: leaf(), intermediates: [inter([...caExtensions(), ekuExtension(d.OID.clientAuth)])], expect: 'x509: certificate specifies an incompatible key usage' },
    { ...base, name: 'an intermediate for any usage', leaf: leaf(), intermediates: [inter([...caExtensions(), ekuExtension('2.5.29.37.0')])], expect: 'ok 3' },
    { ...base, name: 'an intermediate for serverAuth, a leaf without extended key usage', leaf: leaf({ extensions: leafExtensions(['reg.verify-a.test'], []) }), intermediates: [inter([...caExtensions(), ekuExtension(d.OID.serverAuth)])], expect: 'ok 3' },
    {
      ...base,
      name: 'a root for clientAuth above a serverAuth intermediate',
      leaf: leaf(),
      intermediates: [inter([...caExtensions(), ekuExtension(d.OID.serverAuth)])],
      roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: [...caExtensions(), ekuExtension(d.OID.clientAuth)] })],
      expect: 'x509: certificate specifies an incompatible key usage',
    },
    {
      ...base,
      name: 'an intermediate with inhibitAnyPolicy: the policy graph is not modelled',
      leaf: leaf(),
      intermediates: [inter([...caExtensions(), d.extension(d.OID.inhibitAnyPolicy, d.int(0))])],
      expect: 'ok 3',
      unmodelled: ['certificate policies'],
    },
    {
      ...base,
      name: 'a root with name constraints: not modelled',
      leaf: leaf(),
      roots: [build({ signer: rootKey(), subject: ROOT, issuer: ROOT, extensions: [...caExtensions(), d.extension(d.OID.nameConstraints, d.seq(d.ctx(0, d.seq(d.ctxPrim(2, Buffer.from('verify-a.test'))))), true)] })],
      expect: 'ok 3',
      unmodelled: ['name constraints'],
    },
    {
      ...base,
      name: 'a leaf in the roots with policy constraints: one certificate, no policy graph',
      leaf: policyLeaf,
      intermediates: [],
      roots: [policyLeaf],
      expect: 'ok 1',
    },
  ];
}

const KU_DIGITAL_SIGNATURE = 0x80;

export function hostnameCasesA(): HostnameCaseA[] {
  const c = (sans: ({ dns: string } | { ip: Uint8Array } | { email: string })[] | undefined, cn = 'host.verify-a.test') =>
    build({ signer: otherKey(), subject: cn, issuer: cn, extensions: sans === undefined ? [] : [d.sanExtension(sans)] });
  const ip = (...b: number[]) => Uint8Array.from(b);
  const v6 = (s: string) => {
    const out = new Uint8Array(16);
    const [head, tail] = s.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    h.forEach((g, i) => out.set([parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff], i * 2));
    t.forEach((g, i) => out.set([parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff], 16 - (t.length - i) * 2));
    return out;
  };
  const wild = c([{ dns: '*.wild.verify-a.test' }]);
  const many = Array.from({ length: 100 }, (_, i) => ({ dns: `n${i}.verify-a.test` }));
  const manyIps = Array.from({ length: 100 }, (_, i) => ({ ip: ip(10, 0, 1, i) }));
  const ninetyNine = Array.from({ length: 99 }, (_, i) => ({ dns: `n${i}.verify-a.test` }));
  return [
    { name: 'a wildcard matches one label', cert: wild, host: 'a.wild.verify-a.test', expect: 'ok', matched: '*.wild.verify-a.test' },
    { name: 'a wildcard in any case', cert: wild, host: 'A.WILD.Verify-A.test', expect: 'ok', matched: '*.wild.verify-a.test' },
    { name: 'a wildcard and a host with a final dot', cert: wild, host: 'a.wild.verify-a.test.', expect: 'ok', matched: '*.wild.verify-a.test' },
    { name: 'a wildcard does not match the bare domain', cert: wild, host: 'wild.verify-a.test', expect: 'x509: certificate is valid for *.wild.verify-a.test, not wild.verify-a.test' },
    { name: 'a wildcard does not match two labels', cert: wild, host: 'a.b.wild.verify-a.test', expect: 'x509: certificate is valid for *.wild.verify-a.test, not a.b.wild.verify-a.test' },
    { name: 'a host with an underscore is valid and matches the wildcard', cert: wild, host: '_a.wild.verify-a.test', expect: 'ok', matched: '*.wild.verify-a.test' },
    { name: 'a host with a hyphen inside a label matches the wildcard', cert: wild, host: 'a-b.wild.verify-a.test', expect: 'ok', matched: '*.wild.verify-a.test' },
    { name: 'a wildcard SAN in capitals', cert: c([{ dns: '*.WILD.Verify-A.test' }]), host: 'a.wild.verify-a.test', expect: 'ok', matched: '*.WILD.Verify-A.test' },
    { name: 'a host with digits matches the wildcard', cert: wild, host: 'a1.wild.verify-a.test', expect: 'ok', matched: '*.wild.verify-a.test' },
    { name: 'a SAN with digits and an underscore is a valid pattern', cert: c([{ dns: '*.x_1.verify-a.test' }]), host: 'a.x_1.verify-a.test', expect: 'ok', matched: '*.x_1.verify-a.test' },
    { name: 'a host with a leading hyphen is not valid: no wildcard', cert: wild, host: '-a.wild.verify-a.test', expect: 'x509: certificate is valid for *.wild.verify-a.test, not -a.wild.verify-a.test' },
    { name: 'a host with a space is not valid: no wildcard', cert: wild, host: 'a b.wild.verify-a.test', expect: 'x509: certificate is valid for *.wild.verify-a.test, not a b.wild.verify-a.test' },
    { name: 'a host with an empty label is not valid: no wildcard', cert: c([{ dns: '*.verify-a.test' }]), host: '.verify-a.test', expect: 'x509: certificate is valid for *.verify-a.test, not .verify-a.test' },
    { name: 'an invalid host matches its SAN exactly', cert: c([{ dns: '-a.verify-a.test' }]), host: '-A.verify-a.test', expect: 'ok', matched: '-a.verify-a.test' },
    { name: 'an invalid SAN matches exactly', cert: c([{ dns: 'a b.verify-a.test' }]), host: 'a b.verify-a.test', expect: 'ok', matched: 'a b.verify-a.test' },
    { name: 'an invalid SAN pattern is no wildcard', cert: c([{ dns: 'a*.verify-a.test' }]), host: 'ab.verify-a.test', expect: 'x509: certificate is valid for a*.verify-a.test, not ab.verify-a.test' },
    { name: 'a wildcard not left-most is no wildcard', cert: c([{ dns: 'a.*.verify-a.test' }]), host: 'a.b.verify-a.test', expect: 'x509: certificate is valid for a.*.verify-a.test, not a.b.verify-a.test' },
    { name: 'a bare * SAN matches nothing valid', cert: c([{ dns: '*' }]), host: 'a', expect: 'x509: certificate is valid for *, not a' },
    { name: 'a bare * host matches a bare * SAN exactly', cert: c([{ dns: '*' }]), host: '*', expect: 'ok', matched: '*' },
    { name: 'a SAN "." never matches', cert: c([{ dns: '.' }]), host: '.', expect: 'x509: certificate is valid for ., not .' },
    { name: 'a SAN with a final dot matches exactly only', cert: c([{ dns: 'a.verify-a.test.' }]), host: 'a.verify-a.test.', expect: 'ok', matched: 'a.verify-a.test.' },
    { name: 'a SAN with a final dot and a host without', cert: c([{ dns: 'a.verify-a.test.' }]), host: 'a.verify-a.test', expect: 'x509: certificate is valid for a.verify-a.test., not a.verify-a.test' },
    { name: 'the second DNS SAN matches', cert: c([{ dns: 'a.verify-a.test' }, { dns: 'b.verify-a.test' }]), host: 'B.verify-a.test', expect: 'ok', matched: 'b.verify-a.test' },
    { name: 'two DNS SANs listed', cert: c([{ dns: 'a.verify-a.test' }, { dns: 'b.verify-a.test' }]), host: 'c.verify-a.test', expect: 'x509: certificate is valid for a.verify-a.test, b.verify-a.test, not c.verify-a.test' },
    { name: '99 DNS SANs are listed', cert: c(ninetyNine), host: 'x.verify-a.test', expect: `x509: certificate is valid for ${ninetyNine.map((n) => n.dns).join(', ')}, not x.verify-a.test` },
    { name: '100 DNS SANs are counted', cert: c(many), host: 'x.verify-a.test', expect: 'x509: certificate is valid for 100 names, but none matched x.verify-a.test' },
    { name: '100 IP SANs are counted', cert: c(manyIps), host: '10.0.2.1', expect: 'x509: certificate is valid for 100 IP SANs, but none matched 10.0.2.1' },
    { name: 'an IP address in brackets', cert: c([{ ip: ip(10, 0, 0, 1) }]), host: '[10.0.0.1]', expect: 'ok', matched: '10.0.0.1' },
    { name: 'an IP address in brackets that does not match: named without them', cert: c([{ ip: ip(10, 0, 0, 2) }]), host: '[10.0.0.1]', expect: 'x509: certificate is valid for 10.0.0.2, not 10.0.0.1' },
    { name: 'an IPv4 address and an IPv4-mapped SAN', cert: c([{ ip: v6('::ffff:a00:1') }]), host: '10.0.0.1', expect: 'ok', matched: '10.0.0.1' },
    { name: 'an IPv6 address', cert: c([{ ip: v6('2001:db8::1') }]), host: '2001:DB8:0::1', expect: 'ok', matched: '2001:db8::1' },
    { name: 'an IPv6 address that does not match', cert: c([{ ip: v6('2001:db8::1') }, { ip: ip(10, 0, 0, 2) }]), host: '[2001:db8::2]', expect: 'x509: certificate is valid for 2001:db8::1, 10.0.0.2, not 2001:db8::2' },
    { name: 'an IP address and DNS SANs only', cert: c([{ dns: '10.0.0.1' }]), host: '10.0.0.1', expect: "x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs" },
    { name: 'brackets around a name are kept', cert: c([{ dns: 'a.verify-a.test' }]), host: '[a.verify-a.test]', expect: 'x509: certificate is valid for a.verify-a.test, not [a.verify-a.test]' },
    { name: '"[]" is a name', cert: c([{ dns: 'a.verify-a.test' }]), host: '[]', expect: 'x509: certificate is valid for a.verify-a.test, not []' },
    { name: 'a name and IP SANs only', cert: c([{ ip: ip(10, 0, 0, 1) }]), host: 'a.verify-a.test', expect: 'x509: certificate is not valid for any names, but wanted to match a.verify-a.test' },
    { name: 'no SAN extension, the CN matches', cert: c(undefined, 'Legacy.Verify-A.test'), host: 'legacy.verify-a.test', expect: 'x509: certificate relies on legacy Common Name field, use SANs instead' },
    { name: 'no SAN extension, a wildcard CN matches', cert: c(undefined, '*.verify-a.test'), host: 'legacy.verify-a.test.', expect: 'x509: certificate relies on legacy Common Name field, use SANs instead' },
    { name: 'no SAN extension, the CN does not match', cert: c(undefined, 'legacy.verify-a.test'), host: 'other.verify-a.test', expect: 'x509: certificate is not valid for any names, but wanted to match other.verify-a.test' },
    // Go 1.26's matchHostnames takes the split host: "." is [""], which "*" matches.
    { name: 'no SAN extension, a CN "*" and the host "."', cert: c(undefined, '*'), host: '.', expect: 'x509: certificate relies on legacy Common Name field, use SANs instead' },
    { name: 'no SAN extension, no CN, and the host "."', cert: build({ signer: otherKey(), subject: d.name([d.OID.organization, d.utf8('No CN')]), issuer: 'x' }), host: '.', expect: 'x509: certificate is not valid for any names, but wanted to match .' },
    { name: 'a SAN extension with an email only: the CN is not considered', cert: c([{ email: 'a@legacy.verify-a.test' }], 'legacy.verify-a.test'), host: 'legacy.verify-a.test', expect: 'x509: certificate is not valid for any names, but wanted to match legacy.verify-a.test' },
    { name: 'no SAN extension, the CN matches an IP address', cert: c(undefined, '10.0.0.1'), host: '10.0.0.1', expect: 'x509: certificate relies on legacy Common Name field, use SANs instead' },
    { name: 'no SAN extension, another IP address', cert: c(undefined, '10.0.0.1'), host: '10.0.0.9', expect: "x509: cannot validate certificate for 10.0.0.9 because it doesn't contain any IP SANs" },
  ].map((x) => ({ ...x, cert: x.cert }));
}

const SIG_OIDS = {
  md5Rsa: '1.2.840.113549.1.1.4',
  sha1Rsa: '1.2.840.113549.1.1.5',
  sha384Rsa: '1.2.840.113549.1.1.12',
  ecdsaSha1: '1.2.840.10045.4.1',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  dsaSha256: '2.16.840.1.101.3.4.3.2',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha1: '1.3.14.3.2.26',
};

/** RSASSA-PSS-params; each field as DER, or null to leave it out. */
function pssParams(o: { hash?: d.Der | null; mgf?: d.Der | null; salt?: d.Der | null; trailer?: d.Der | null; extra?: d.Der[] } = {}): d.Der {
  const hashAi = d.seq(d.oid(SIG_OIDS.sha256), d.nul());
  return d.seq(
    ...(o.hash === null ? [] : [d.ctx(0, o.hash ?? hashAi)]),
    ...(o.mgf === null ? [] : [d.ctx(1, o.mgf ?? d.seq(d.oid(SIG_OIDS.mgf1), hashAi))]),
    ...(o.salt === null ? [] : [d.ctx(2, o.salt ?? d.int(32))]),
    ...(o.trailer === undefined || o.trailer === null ? [] : [d.ctx(3, o.trailer)]),
    ...(o.extra ?? []),
  );
}

const hashAi = (oid: string) => d.seq(d.oid(oid), d.nul());
const mgf = (oid: string) => d.seq(d.oid(SIG_OIDS.mgf1), hashAi(oid));

export function signatureCasesA(): SignatureCaseA[] {
  const ca = (key: d.SigningKey, extensions = caExtensions(), more: Partial<Parameters<typeof build>[0]> = {}) => build({ signer: key, subject: 'Sig A CA', issuer: 'Sig A CA', extensions, ...more });
  const child = (signer: d.SigningKey, more: Partial<Parameters<typeof build>[0]> = {}) => build({ signer, key: leafKey(), subject: 'sig-a.test', issuer: 'Sig A CA', extensions: leafExtensions(['sig-a.test']), ...more });
  /** A child whose signature AlgorithmIdentifier is `alg`, signed as node signs with `sign`. */
  const signedWith = (alg: d.Der, sign: (tbs: Buffer) => Buffer) => {
    const unsigned = child(rsa2048(), { signature: alg });
    return child(rsa2048(), { signature: alg, signatureValue: d.bitString(sign(tbsOf(unsigned))) });
  };
  const pss = (hash: string, salt: number) => (tbs: Buffer) => crypto.sign(hash, tbs, { key: rsa2048().privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: salt });
  const pssAlg = (params: d.Der) => d.seq(d.oid(SIG_OIDS.rsaPss), params);
  const rsaCa = ca(rsa2048());
  const ecCa = ca(rootKey());
  const UNSUPPORTED = 'x509: cannot verify signature: algorithm unimplemented';
  const CONSTRAINT = 'x509: invalid signature: parent certificate cannot sign this kind of certificate';
  const edKey = crypto.generateKeyPairSync('ed25519');
  const dsaKey = crypto.generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  return [
    { name: 'an ECDSA CA signs', child: child(rootKey()), parent: ecCa, expect: 'ok' },
    { name: 'an RSA CA signs (PKCS #1 v1.5, SHA-256)', child: child(rsa2048()), parent: rsaCa, expect: 'ok' },
    { name: 'an Ed25519 CA signs', child: child(edKey), parent: ca(edKey), expect: 'ok' },
    { name: 'another ECDSA key', child: child(otherKey()), parent: ecCa, expect: 'x509: ECDSA verification failure' },
    { name: 'another RSA key', child: child(rsa2048()), parent: ca(crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })), expect: 'crypto/rsa: verification error' },
    { name: 'another Ed25519 key', child: child(crypto.generateKeyPairSync('ed25519')), parent: ca(edKey), expect: 'x509: Ed25519 verification failure' },
    { name: 'an ECDSA signature that is not DER', child: child(rootKey(), { signatureValue: d.bitString(Buffer.from([1, 2, 3])) }), parent: ecCa, expect: 'x509: ECDSA verification failure' },
    { name: 'an RSA signature, an ECDSA parent', child: child(rsa2048()), parent: ecCa, expect: 'x509: signature algorithm specifies an RSA public key, but have public key of type *ecdsa.PublicKey' },
    { name: 'an ECDSA signature, an RSA parent', child: child(rootKey()), parent: rsaCa, expect: 'x509: signature algorithm specifies an ECDSA public key, but have public key of type *rsa.PublicKey' },
    { name: 'an Ed25519 signature, an ECDSA parent', child: child(edKey), parent: ecCa, expect: 'x509: signature algorithm specifies an Ed25519 public key, but have public key of type *ecdsa.PublicKey' },
    { name: 'an ECDSA signature, an Ed25519 parent', child: child(rootKey()), parent: ca(edKey), expect: 'x509: signature algorithm specifies an ECDSA public key, but have public key of type ed25519.PublicKey' },
    { name: 'a DSA-SHA256 signature, an ECDSA parent', child: child(rootKey(), { signature: d.seq(d.oid(SIG_OIDS.dsaSha256)) }), parent: ecCa, expect: 'x509: signature algorithm specifies an DSA public key, but have public key of type *ecdsa.PublicKey' },
    { name: 'MD5 with RSA', child: child(rsa2048(), { signature: d.seq(d.oid(SIG_OIDS.md5Rsa), d.nul()) }), parent: rsaCa, expect: 'x509: cannot verify signature: insecure algorithm MD5-RSA' },
    { name: 'SHA-1 with RSA', child: child(rsa2048(), { signature: d.seq(d.oid(SIG_OIDS.sha1Rsa), d.nul()) }), parent: rsaCa, expect: 'x509: cannot verify signature: insecure algorithm SHA1-RSA' },
    { name: 'ECDSA with SHA-1, an RSA parent: insecure before the key type', child: child(rootKey(), { signature: d.seq(d.oid(SIG_OIDS.ecdsaSha1)) }), parent: rsaCa, expect: 'x509: cannot verify signature: insecure algorithm ECDSA-SHA1' },
    { name: 'an unknown signature algorithm', child: child(rootKey(), { signature: d.seq(d.oid('1.2.3.4')) }), parent: ecCa, expect: UNSUPPORTED },
    { name: 'Ed25519 with parameters', child: child(edKey, { signature: d.seq(d.oid(d.OID.ed25519), d.nul()) }), parent: ca(edKey), expect: UNSUPPORTED },
    { name: 'ECDSA with SHA-384, a SHA-256 signature', child: child(rootKey(), { signature: d.seq(d.oid(SIG_OIDS.ecdsaSha384)) }), parent: ecCa, expect: 'x509: ECDSA verification failure' },
    { name: 'SHA-384 with RSA, signed so', child: signedWith(d.seq(d.oid(SIG_OIDS.sha384Rsa), d.nul()), (tbs) => crypto.sign('sha384', tbs, rsa2048().privateKey)), parent: rsaCa, expect: 'ok' },
    { name: 'a parent with basicConstraints CA:FALSE', child: child(rootKey()), parent: ca(rootKey(), [d.basicConstraints(false)]), expect: CONSTRAINT },
    { name: 'a version 3 parent without basicConstraints', child: child(rootKey()), parent: ca(rootKey(), []), expect: CONSTRAINT },
    { name: 'a version 1 parent', child: child(rootKey()), parent: ca(rootKey(), [], { version: null }), expect: 'ok' },
    { name: 'a parent whose keyUsage lacks keyCertSign', child: child(rootKey()), parent: ca(rootKey(), [caExtensions()[0], keyUsage(KU_DIGITAL_SIGNATURE)]), expect: CONSTRAINT },
    { name: 'a parent whose keyUsage is only keyCertSign', child: child(rootKey()), parent: ca(rootKey(), [caExtensions()[0], keyUsage(0x04)]), expect: 'ok' },
    { name: 'a parent with an empty keyUsage', child: child(rootKey()), parent: ca(rootKey(), [caExtensions()[0], d.extension(d.OID.keyUsage, d.bitString(Buffer.from([0]), 0), true)]), expect: 'ok' },
    {
      name: 'a parent with an X25519 key',
      child: child(rootKey()),
      parent: ca(rootKey(), caExtensions(), { spki: crypto.generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }) }),
      expect: UNSUPPORTED,
    },
    { name: 'RSA-PSS SHA-256', child: signedWith(pssAlg(pssParams()), pss('sha256', 32)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS SHA-384', child: signedWith(pssAlg(pssParams({ hash: hashAi(SIG_OIDS.sha384), mgf: mgf(SIG_OIDS.sha384), salt: d.int(48) })), pss('sha384', 48)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS SHA-512', child: signedWith(pssAlg(pssParams({ hash: hashAi(SIG_OIDS.sha512), mgf: mgf(SIG_OIDS.sha512), salt: d.int(64) })), pss('sha512', 64)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS, hash parameters absent', child: signedWith(pssAlg(pssParams({ hash: d.seq(d.oid(SIG_OIDS.sha256)), mgf: d.seq(d.oid(SIG_OIDS.mgf1), d.seq(d.oid(SIG_OIDS.sha256))) })), pss('sha256', 32)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS, trailer 1 written out', child: signedWith(pssAlg(pssParams({ trailer: d.int(1) })), pss('sha256', 32)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS signed with another salt length', child: signedWith(pssAlg(pssParams()), pss('sha256', 20)), parent: rsaCa, expect: 'crypto/rsa: verification error' },
    { name: 'RSA-PSS, trailer 2', child: signedWith(pssAlg(pssParams({ trailer: d.int(2) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, salt 20 for SHA-256', child: signedWith(pssAlg(pssParams({ salt: d.int(20) })), pss('sha256', 20)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, salt 48 for SHA-256', child: signedWith(pssAlg(pssParams({ salt: d.int(48) })), pss('sha256', 48)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, MGF1 with SHA-384 for SHA-256', child: signedWith(pssAlg(pssParams({ mgf: mgf(SIG_OIDS.sha384) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, a mask function that is not MGF1', child: signedWith(pssAlg(pssParams({ mgf: d.seq(d.oid('1.2.3.4'), hashAi(SIG_OIDS.sha256)) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, hash parameters that are not NULL', child: signedWith(pssAlg(pssParams({ hash: d.seq(d.oid(SIG_OIDS.sha256), d.int(0)) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, MGF1 hash parameters that are not NULL', child: signedWith(pssAlg(pssParams({ mgf: d.seq(d.oid(SIG_OIDS.mgf1), d.seq(d.oid(SIG_OIDS.sha256), d.int(0))) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, SHA-1 with salt 20', child: signedWith(pssAlg(pssParams({ hash: hashAi(SIG_OIDS.sha1), mgf: mgf(SIG_OIDS.sha1), salt: d.int(20) })), pss('sha1', 20)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS without parameters', child: signedWith(d.seq(d.oid(SIG_OIDS.rsaPss)), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, parameters NULL', child: signedWith(d.seq(d.oid(SIG_OIDS.rsaPss), d.nul()), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, a salt that is no INTEGER', child: signedWith(pssAlg(pssParams({ salt: d.nul() })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    // asn1.Unmarshal: an optional field whose tag does not match keeps its default, and a SEQUENCE may end in more elements.
    { name: 'RSA-PSS, a trailer [3] that is no INTEGER: the default', child: signedWith(pssAlg(pssParams({ trailer: d.nul() })), pss('sha256', 32)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS, an extra element after the salt', child: signedWith(pssAlg(pssParams({ extra: [d.int(5)] })), pss('sha256', 32)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS, an extra element after the trailer', child: signedWith(pssAlg(pssParams({ trailer: d.int(1), extra: [d.nul()] })), pss('sha256', 32)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS, hash parameters NULL and more', child: signedWith(pssAlg(pssParams({ hash: d.seq(d.oid(SIG_OIDS.sha256), d.nul(), d.int(0)) })), pss('sha256', 32)), parent: rsaCa, expect: 'ok' },
    { name: 'RSA-PSS, a trailer not minimally encoded', child: signedWith(pssAlg(pssParams({ trailer: d.intRaw([0, 1]) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, a salt not minimally encoded', child: signedWith(pssAlg(pssParams({ salt: d.intRaw([0, 32]) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, a hash [0] that is empty', child: signedWith(pssAlg(pssParams({ hash: Buffer.alloc(0) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, a hash that is no AlgorithmIdentifier', child: signedWith(pssAlg(pssParams({ hash: d.oid(SIG_OIDS.sha256) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, MGF1 without its hash', child: signedWith(pssAlg(pssParams({ mgf: d.seq(d.oid(SIG_OIDS.mgf1)) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'RSA-PSS, a mask function with no OID', child: signedWith(pssAlg(pssParams({ mgf: d.seq(d.nul()) })), pss('sha256', 32)), parent: rsaCa, expect: UNSUPPORTED },
    { name: 'a DSA parent', child: child(rootKey()), parent: ca(rootKey(), caExtensions(), { spki: dsaKey.publicKey.export({ type: 'spki', format: 'der' }) }), expect: UNSUPPORTED },
    { name: 'RSA-PSS, an ECDSA parent', child: signedWith(pssAlg(pssParams()), pss('sha256', 32)), parent: ecCa, expect: 'x509: signature algorithm specifies an RSA public key, but have public key of type *ecdsa.PublicKey' },
  ];
}

/** net.ParseIP(s).String() in Go 1.26 ("nil" when ParseIP refuses the text). */
export const IP_CASES_A: [string, string][] = [
  ['1.2.3.4', '1.2.3.4'],
  ['0.0.0.0', '0.0.0.0'],
  ['255.255.255.255', '255.255.255.255'],
  ['256.1.1.1', 'nil'],
  ['1.2.3.04', 'nil'],
  ['1.2.3.0', '1.2.3.0'],
  ['1.2.3', 'nil'],
  ['1.2.3.4.5', 'nil'],
  ['1.2.3.', 'nil'],
  ['1..3.4', 'nil'],
  ['a.2.3.4', 'nil'],
  ['1.2.3.4%eth0', 'nil'],
  ['::', '::'],
  ['::1', '::1'],
  ['1::', '1::'],
  ['1::2', '1::2'],
  ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
  ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
  ['1:2:3:4:5:6:7:8:9', 'nil'],
  ['1:2:3:4:5:6:7', 'nil'],
  ['1:2:3:4:5:6:7:8::', 'nil'],
  ['::1:2:3:4:5:6:7:8', 'nil'],
  ['1::2::3', 'nil'],
  [':1', 'nil'],
  ['1:', 'nil'],
  [':::', 'nil'],
  ['1:::2', 'nil'],
  ['12345::', 'nil'],
  ['1234::', '1234::'],
  ['ABCD::EF', 'abcd::ef'],
  ['g::', 'nil'],
  ['fe80::1%eth0', 'nil'],
  ['::ffff:1.2.3.4', '1.2.3.4'],
  ['::1.2.3.4', '::102:304'],
  ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ['1:2:3:4:5:1.2.3.4', 'nil'],
  ['1:2:3:4:5:6:7:1.2.3.4', 'nil'],
  ['1::1.2.3.4', '1::102:304'],
  ['1.2.3.4::', 'nil'],
  ['1:2:3:4:5::1.2.3.4', '1:2:3:4:5:0:102:304'],
  ['1:2:3:4:5:6::1.2.3.4', 'nil'],
  ['1:2:3:4:5:6:7::1.2.3.4', 'nil'],
  ['1::2x', 'nil'],
  ['1:2:3:4:5:6:7:8:', 'nil'],
  ['::1.2.3', 'nil'],
  ['::1.2.3.04', 'nil'],
  ['::ffff:0:0', '0.0.0.0'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
  ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['', 'nil'],
  ['[::1]', 'nil'],
];

/** The time Go is given for a case: NOW at the case's offset, as RFC 3339 (Go prints the current time in its zone). */
export function rfc3339At(now: Date, offsetMinutes: number): string {
  const t = new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return t + 'Z';
  const a = Math.abs(offsetMinutes);
  return `${t}${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * Certificate extensions as crypto/x509 processExtensions reads them: the ones Go knows must parse
 * (with Go's error text), unknown critical ones are only recorded (they fail verification later,
 * not parsing).
 */
import { BitStringView, contextConstructed, contextTag, DerInput, latin1, TAG } from './asn1';
import { isIa5 } from './name';
import { domainNameValid, nameConstraints } from './nameConstraints';
import { goQuote, parseUrl, UrlOptions } from './url';

export interface RawExtension {
  oid: string;
  critical: boolean;
  /** The extnValue OCTET STRING's contents. */
  start: number;
  end: number;
}

export type SubjectAltName = { type: 'dns'; value: string } | { type: 'email'; value: string } | { type: 'ip'; value: Uint8Array } | { type: 'uri'; value: string };

export interface ExtensionFacts {
  keyUsage: number;
  basicConstraintsValid: boolean;
  isCA: boolean;
  /** -1 when absent. */
  maxPathLen: number;
  /** Every name of the subjectAltName extension, in order; undefined when there is none. */
  sans?: SubjectAltName[];
  /** Extended key usage OIDs in order (known and unknown); undefined when there is none. */
  extKeyUsage?: string[];
  unhandledCritical: string[];
}

const fail = (error: string) => ({ error });

// Go: parser.go parseSANExtension / forEachSAN
function subjectAltNames(bytes: Uint8Array, ext: RawExtension, o: UrlOptions): { names: SubjectAltName[] } | { error: string } {
  const outer = new DerInput(bytes, ext.start, ext.end).read(TAG.SEQUENCE);
  if (!outer) return fail('x509: invalid subject alternative names');
  const seq = new DerInput(bytes, outer.start, outer.end);
  const names: SubjectAltName[] = [];
  while (!seq.empty) {
    const e = seq.readAny();
    if (!e) return fail('x509: invalid subject alternative name');
    // Go compares tag^0x80 with the GeneralName number, so only primitive context tags match.
    const text = () => latin1(bytes, e.start, e.end);
    switch (e.tag ^ 0x80) {
      case 1:
        if (!isIa5(bytes, e.start, e.end)) return fail('x509: SAN rfc822Name is malformed');
        names.push({ type: 'email', value: text() });
        break;
      case 2:
        if (!isIa5(bytes, e.start, e.end)) return fail('x509: SAN dNSName is malformed');
        names.push({ type: 'dns', value: text() });
        break;
      case 6: {
        if (!isIa5(bytes, e.start, e.end)) return fail('x509: SAN uniformResourceIdentifier is malformed');
        const uri = text();
        const parsed = parseUrl(uri, o);
        if ('error' in parsed) return fail(`x509: cannot parse URI ${goQuote(uri)}: ${parsed.error}`);
        if (parsed.host.length > 0 && !domainNameValid(parsed.host, false)) return fail(`x509: cannot parse URI ${goQuote(uri)}: invalid domain`);
        names.push({ type: 'uri', value: uri });
        break;
      }
      case 7: {
        const l = e.end - e.start;
        if (l !== 4 && l !== 16) return fail(`x509: cannot parse IP address of length ${l}`);
        names.push({ type: 'ip', value: bytes.slice(e.start, e.end) });
        break;
      }
    }
  }
  return { names };
}

// Go: parser.go parseCertificatePoliciesExtension
function certificatePolicies(bytes: Uint8Array, ext: RawExtension): string | undefined {
  const err = 'x509: invalid certificate policies';
  const outer = new DerInput(bytes, ext.start, ext.end).read(TAG.SEQUENCE);
  if (!outer) return err;
  const seq = new DerInput(bytes, outer.start, outer.end);
  const seen = new Set<string>();
  while (!seq.empty) {
    const cp = seq.read(TAG.SEQUENCE);
    const oid = cp ? seq.inner(cp).read(TAG.OBJECT_IDENTIFIER) : undefined;
    if (!oid) return err;
    const key = Buffer.from(bytes.subarray(oid.start, oid.end)).toString('hex');
    if (seen.has(key)) return err;
    seen.add(key);
    // Go: oid.go newOIDFromDER
    if (oid.end === oid.start || bytes[oid.end - 1] & 0x80) return err;
    let first = true;
    for (let i = oid.start; i < oid.end; i++) {
      if (first && bytes[i] === 0x80) return err;
      first = (bytes[i] & 0x80) === 0;
    }
  }
  return undefined;
}

const AIA = '1.3.6.1.5.5.7.1.1';

// Go: parser.go processExtensions
export function processExtensions(bytes: Uint8Array, extensions: RawExtension[], o: UrlOptions): ExtensionFacts | { error: string } {
  const out: ExtensionFacts = { keyUsage: 0, basicConstraintsValid: false, isCA: false, maxPathLen: -1, unhandledCritical: [] };
  for (const e of extensions) {
    let unhandled = false;
    const value = () => new DerInput(bytes, e.start, e.end);
    const m = /^2\.5\.29\.(\d+)$/.exec(e.oid);
    if (m) {
      switch (Number(m[1])) {
        case 15: {
          // Go: parseKeyUsageExtension
          const bits = value().readBitString();
          if (!bits) return fail('x509: invalid key usage');
          out.keyUsage = keyUsageBits(bits);
          break;
        }
        case 19: {
          // Go: parseBasicConstraintsExtension
          const bad = fail('x509: invalid basic constraints');
          const s = value().read(TAG.SEQUENCE);
          if (!s) return bad;
          const der = new DerInput(bytes, s.start, s.end);
          let isCA = false;
          if (der.peekTag(TAG.BOOLEAN)) {
            const v = der.readBoolean();
            if (v === undefined) return bad;
            isCA = v;
          }
          let maxPathLen = -1;
          if (der.peekTag(TAG.INTEGER)) {
            const v = der.readUint64();
            if (v === undefined || v > 0x7fffffffffffffffn) return bad;
            maxPathLen = Number(v);
          }
          out.isCA = isCA;
          out.maxPathLen = maxPathLen;
          out.basicConstraintsValid = true;
          break;
        }
        case 17: {
          const r = subjectAltNames(bytes, e, o);
          if ('error' in r) return r;
          out.sans = r.names;
          if (r.names.length === 0) unhandled = true;
          break;
        }
        case 30: {
          const r = nameConstraints(bytes, e);
          if ('error' in r) return r;
          unhandled = r.unhandled;
          break;
        }
        case 31: {
          const r = crlDistributionPoints(bytes, e);
          if (r) return fail(r);
          break;
        }
        case 35: {
          const r = authorityKeyId(bytes, e);
          if (r) return fail(r);
          break;
        }
        case 36: {
          const r = policyConstraints(bytes, e);
          if (r) return fail(r);
          break;
        }
        case 37: {
          // Go: parseExtKeyUsageExtension
          const s = value().read(TAG.SEQUENCE);
          if (!s) return fail('x509: invalid extended key usages');
          const der = new DerInput(bytes, s.start, s.end);
          const ekus: string[] = [];
          while (!der.empty) {
            const oid = der.readOid();
            if (oid === undefined) return fail('x509: invalid extended key usages');
            ekus.push(oid);
          }
          out.extKeyUsage = ekus;
          break;
        }
        case 14: {
          if (e.critical) return fail('x509: subject key identifier incorrectly marked critical');
          if (!value().read(TAG.OCTET_STRING)) return fail('x509: invalid subject key identifier');
          break;
        }
        case 32: {
          const r = certificatePolicies(bytes, e);
          if (r) return fail(r);
          break;
        }
        case 33: {
          const bad = 'x509: invalid policy mappings extension';
          const s = value().read(TAG.SEQUENCE);
          if (!s) return fail(bad);
          const der = new DerInput(bytes, s.start, s.end);
          while (!der.empty) {
            const m = der.read(TAG.SEQUENCE);
            const inner = m ? der.inner(m) : undefined;
            if (!inner || !inner.read(TAG.OBJECT_IDENTIFIER) || !inner.read(TAG.OBJECT_IDENTIFIER)) return fail(bad);
          }
          break;
        }
        case 54:
          if (value().readInt64() === undefined) return fail('x509: invalid inhibit any policy extension');
          break;
        default:
          unhandled = true;
      }
    } else if (e.oid === AIA) {
      const r = authorityInfoAccess(bytes, e);
      if (r) return fail(r);
    } else unhandled = true;
    if (e.critical && unhandled) out.unhandledCritical.push(e.oid);
  }
  return out;
}

function keyUsageBits(bits: BitStringView): number {
  let usage = 0;
  for (let i = 0; i < 9; i++) if (bits.at(i)) usage |= 1 << i;
  return usage;
}

function crlDistributionPoints(bytes: Uint8Array, e: RawExtension): string | undefined {
  const s = new DerInput(bytes, e.start, e.end).read(TAG.SEQUENCE);
  if (!s) return 'x509: invalid CRL distribution points';
  const val = new DerInput(bytes, s.start, s.end);
  const bad = 'x509: invalid CRL distribution point';
  while (!val.empty) {
    const dp = val.read(TAG.SEQUENCE);
    if (!dp) return bad;
    const name = val.inner(dp).readOptional(contextConstructed(0));
    if (!name.ok) return bad;
    if (!name.element) continue;
    const full = new DerInput(bytes, name.element.start, name.element.end).read(contextConstructed(0));
    if (!full) return bad;
    const names = new DerInput(bytes, full.start, full.end);
    while (!names.empty) {
      if (!names.peekTag(contextTag(6))) break;
      if (!names.read(contextTag(6))) return bad;
    }
  }
  return undefined;
}

// Go: parser.go parseAuthorityKeyIdentifier
function authorityKeyId(bytes: Uint8Array, e: RawExtension): string | undefined {
  if (e.critical) return 'x509: authority key identifier incorrectly marked critical';
  const akid = new DerInput(bytes, e.start, e.end).read(TAG.SEQUENCE);
  if (!akid) return 'x509: invalid authority key identifier';
  const inner = new DerInput(bytes, akid.start, akid.end);
  if (inner.peekTag(contextTag(0)) && !inner.read(contextTag(0))) return 'x509: invalid authority key identifier';
  return undefined;
}

function policyConstraints(bytes: Uint8Array, e: RawExtension): string | undefined {
  const bad = 'x509: invalid policy constraints extension';
  const s = new DerInput(bytes, e.start, e.end).read(TAG.SEQUENCE);
  if (!s) return bad;
  const val = new DerInput(bytes, s.start, s.end);
  // int is 64 bits on the platforms the engines run on, so the "overflows int" errors cannot happen.
  if (val.peekTag(contextTag(0)) && val.readInt64(contextTag(0)) === undefined) return bad;
  if (val.peekTag(contextTag(1)) && val.readInt64(contextTag(1)) === undefined) return bad;
  return undefined;
}

function authorityInfoAccess(bytes: Uint8Array, e: RawExtension): string | undefined {
  if (e.critical) return 'x509: authority info access incorrectly marked critical';
  const bad = 'x509: invalid authority info access';
  const s = new DerInput(bytes, e.start, e.end).read(TAG.SEQUENCE);
  if (!s) return bad;
  const val = new DerInput(bytes, s.start, s.end);
  while (!val.empty) {
    const a = val.read(TAG.SEQUENCE);
    if (!a) return bad;
    const aia = val.inner(a);
    if (aia.readOid() === undefined) return bad;
    if (!aia.peekTag(contextTag(6))) continue;
    if (!aia.read(contextTag(6))) return bad;
  }
  return undefined;
}

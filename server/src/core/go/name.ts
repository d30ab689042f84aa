/**
 * Distinguished names: Go's checks (x509 parseName, parseASN1String) and a rendering in the form
 * node:crypto's X509Certificate.subject gives (one "SN=value" per line, RFC 2253 escapes), which the
 * rest of certsd shows and compares.
 */
import { DerInput, Element, latin1, TAG } from './asn1';

export interface Attribute {
  oid: string;
  value: string;
}

/** One RDN (a SET) of attributes. */
export type Rdn = Attribute[];

export type NameResult = { ok: true; rdns: Rdn[] } | { ok: false; error: string };

// Go: parser.go isPrintable (PrintableString plus '*' and '&', which real certificates use)
function printable(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x27 && c <= 0x29) ||
    (c >= 0x2b && c <= 0x2f) ||
    c === 0x20 ||
    c === 0x3a ||
    c === 0x3d ||
    c === 0x3f ||
    c === 0x2a ||
    c === 0x26
  );
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Go's utf8.Valid and string conversion; undefined for invalid UTF-8. */
export function decodeUtf8(b: Uint8Array, start: number, end: number): string | undefined {
  try {
    return utf8Decoder.decode(b.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** All octets below 0x80 (Go's isIA5String on the string the octets make). */
export function isIa5(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] > 0x7f) return false;
  return true;
}

// Go: parser.go parseASN1String
export function parseAsn1String(tag: number, b: Uint8Array, start: number, end: number): { value: string } | { error: string } {
  switch (tag) {
    case TAG.T61String:
      // Read as Latin-1, as Go and BoringSSL do.
      return { value: latin1(b, start, end) };
    case TAG.PrintableString:
      for (let i = start; i < end; i++) if (!printable(b[i])) return { error: 'invalid PrintableString' };
      return { value: latin1(b, start, end) };
    case TAG.UTF8String: {
      const s = decodeUtf8(b, start, end);
      return s === undefined ? { error: 'invalid UTF-8 string' } : { value: s };
    }
    case TAG.BMPString: {
      let n = end - start;
      if (n % 2 !== 0) return { error: 'invalid BMPString' };
      if (n >= 2 && b[end - 1] === 0 && b[end - 2] === 0) n -= 2;
      let s = '';
      for (let i = start; i < start + n; i += 2) {
        const u = (b[i] << 8) | b[i + 1];
        if (u === 0xfffe || u === 0xffff || (u >= 0xfdd0 && u <= 0xfdef) || (u >= 0xd800 && u <= 0xdfff)) return { error: 'invalid BMPString' };
        s += String.fromCharCode(u);
      }
      return { value: s };
    }
    case TAG.IA5String:
      return isIa5(b, start, end) ? { value: latin1(b, start, end) } : { error: 'invalid IA5String' };
    case TAG.NumericString:
      for (let i = start; i < end; i++) if (!((b[i] >= 0x30 && b[i] <= 0x39) || b[i] === 0x20)) return { error: 'invalid NumericString' };
      return { value: latin1(b, start, end) };
    default:
      return { error: `unsupported string type: ${tag}` };
  }
}

// Go: parser.go parseName
export function parseName(bytes: Uint8Array, element: Element): NameResult {
  const raw = new DerInput(bytes, element.header, element.end).read(TAG.SEQUENCE);
  if (!raw) return { ok: false, error: 'x509: invalid RDNSequence' };
  const rdns: Rdn[] = [];
  const seq = new DerInput(bytes, raw.start, raw.end);
  while (!seq.empty) {
    const setEl = seq.read(TAG.SET);
    if (!setEl) return { ok: false, error: 'x509: invalid RDNSequence' };
    const set = seq.inner(setEl);
    const rdn: Rdn = [];
    while (!set.empty) {
      const atavEl = set.read(TAG.SEQUENCE);
      if (!atavEl) return { ok: false, error: 'x509: invalid RDNSequence: invalid attribute' };
      const atav = set.inner(atavEl);
      const oid = atav.readOid();
      if (oid === undefined) return { ok: false, error: 'x509: invalid RDNSequence: invalid attribute type' };
      const value = atav.readAny();
      if (!value) return { ok: false, error: 'x509: invalid RDNSequence: invalid attribute value' };
      const s = parseAsn1String(value.tag, bytes, value.start, value.end);
      if ('error' in s) return { ok: false, error: `x509: invalid RDNSequence: invalid attribute value: ${s.error}` };
      rdn.push({ oid, value: s.value });
    }
    rdns.push(rdn);
  }
  return { ok: true, rdns };
}

/** pkix.Name.CommonName after FillFromRDNSequence: the last commonName attribute wins. */
export function commonNameOf(rdns: Rdn[]): string | undefined {
  let cn: string | undefined;
  for (const rdn of rdns) for (const a of rdn) if (a.oid === '2.5.4.3') cn = a.value;
  return cn;
}

/** OpenSSL's short (or long) names, as node prints them. */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.15': 'businessCategory',
  '2.5.4.16': 'postalAddress',
  '2.5.4.17': 'postalCode',
  '2.5.4.18': 'postOfficeBox',
  '2.5.4.20': 'telephoneNumber',
  '2.5.4.41': 'name',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.45': 'x500UniqueIdentifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.51': 'houseIdentifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.72': 'role',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '1.2.840.113549.1.9.2': 'unstructuredName',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/** Whether every attribute type has a name in the table (else node's own rendering is the reference). */
export function namesKnown(rdns: Rdn[]): boolean {
  return rdns.every((rdn) => rdn.every((a) => a.oid in SHORT_NAMES));
}

// RFC 2253 escapes as OpenSSL writes them with ASN1_STRFLGS_ESC_2253 | ESC_CTRL | UTF8_CONVERT.
function escapeValue(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) out += '\\' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (',+"\\<>;'.includes(ch)) out += '\\' + ch;
    // OpenSSL's do_buf: the last character's rule replaces the first's, so a lone '#' stays as it is.
    else if ((i === 0 && i !== v.length - 1 && (ch === ' ' || ch === '#')) || (i === v.length - 1 && ch === ' ')) out += '\\' + ch;
    else out += ch;
  }
  return out;
}

/** The name as node's X509Certificate.subject prints it ('' for an empty name). */
export function formatName(rdns: Rdn[]): string {
  const lines: string[] = [];
  for (const rdn of rdns) {
    if (rdn.length === 0) continue;
    lines.push(rdn.map((a) => `${SHORT_NAMES[a.oid] ?? a.oid}=${escapeValue(a.value)}`).join(' + '));
  }
  return lines.join('\n');
}

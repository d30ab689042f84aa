/**
 * Name constraints as crypto/x509 parseNameConstraintsExtension checks them, and the name syntax
 * checks it shares with subjectAltName parsing (domainNameValid).
 */
import { isIPv6 } from 'node:net';
import { contextConstructed, contextTag, DerInput, latin1, TAG } from './asn1';
import { isIa5 } from './name';
import { goQuote, goQuoteBytes } from './url';
import type { RawExtension } from './extensions';

// Go: parser.go domainNameValid (Go 1.26: only trailing dots, empty labels and non-printable characters are refused)
export function domainNameValid(s: string, constraint: boolean): boolean {
  if (s.length === 0) return true;
  if (s[s.length - 1] === '.') return false;
  let name = s;
  if (constraint && name[0] === '.') name = name.slice(1);
  let lastDot = -1;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : -1;
    if (i < name.length && (c < 33 || c > 126)) return false;
    if (i === name.length || name[i] === '.') {
      const labelLen = lastDot >= 0 ? i - lastDot - 1 : i;
      if (labelLen === 0) return false;
      lastDot = i;
    }
  }
  return true;
}

// Go: verify.go domainToReverseLabels (as a yes/no)
function domainLabelsValid(domain: string): boolean {
  if (domain.length === 0) return true;
  const labels = domain.split('.');
  if (labels[labels.length - 1] === '') return false;
  for (const l of labels) {
    if (l.length === 0) return false;
    for (let i = 0; i < l.length; i++) {
      const c = l.charCodeAt(i);
      if (c < 33 || c > 126) return false;
    }
  }
  return true;
}

const ATEXT = /^[0-9A-Za-z!#$%&'*+\-/=?^_`{|}~.]$/;

// Go: verify.go parseRFC2821Mailbox (as a yes/no)
export function rfc2821MailboxValid(input: string): boolean {
  if (input.length === 0) return false;
  let s = input;
  let local = '';
  if (s[0] === '"') {
    s = s.slice(1);
    for (;;) {
      if (s.length === 0) return false;
      const c = s.charCodeAt(0);
      s = s.slice(1);
      if (c === 0x22) break;
      if (c === 0x5c) {
        if (s.length === 0) return false;
        const n = s.charCodeAt(0);
        if (n === 11 || n === 12 || (n >= 1 && n <= 9) || (n >= 14 && n <= 127)) {
          local += s[0];
          s = s.slice(1);
        } else return false;
      } else if (c === 11 || c === 12 || c === 32 || c === 33 || c === 127 || (c >= 1 && c <= 8) || (c >= 14 && c <= 31) || (c >= 35 && c <= 91) || (c >= 93 && c <= 126)) {
        local += String.fromCharCode(c);
      } else return false;
    }
  } else {
    while (s.length > 0) {
      let c = s[0];
      if (c === '\\') {
        s = s.slice(1);
        if (s.length === 0) return false;
        c = s[0];
        local += c;
        s = s.slice(1);
        continue;
      }
      if (!ATEXT.test(c)) break;
      local += c;
      s = s.slice(1);
    }
    if (local.length === 0) return false;
    if (local[0] === '.' || local[local.length - 1] === '.' || local.includes('..')) return false;
  }
  if (s.length === 0 || s[0] !== '@') return false;
  return domainLabelsValid(s.slice(1));
}

/** net.ParseIP(s) != nil, for the URI name-constraint check. */
function isGoIp(s: string): boolean {
  // Go's ParseIP takes dotted IPv4 (no leading zeros) and IPv6 without a zone.
  // node's isIPv6 follows inet_pton, which agrees with Go on the forms certificates carry.
  return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s) || (!s.includes('%') && isIPv6(s));
}

const fail = (error: string) => ({ error });

function validIpMask(mask: Uint8Array): boolean {
  let seenZero = false;
  for (const b of mask) {
    if (seenZero) {
      if (b !== 0) return false;
      continue;
    }
    if (b === 0xff) continue;
    if ([0x00, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe].includes(b)) seenZero = true;
    else return false;
  }
  return true;
}

// Go: parser.go parseNameConstraintsExtension
export function nameConstraints(bytes: Uint8Array, ext: RawExtension): { unhandled: boolean } | { error: string } {
  const outer = new DerInput(bytes, ext.start, ext.end);
  const top = outer.read(TAG.SEQUENCE);
  if (!top || !outer.empty) return fail('x509: invalid NameConstraints extension');
  const t = outer.inner(top);
  const permitted = t.readOptional(contextConstructed(0));
  const excluded = permitted.ok ? t.readOptional(contextConstructed(1)) : { ok: false };
  if (!permitted.ok || !excluded.ok || !t.empty) return fail('x509: invalid NameConstraints extension');
  const p = permitted.element;
  const x = excluded.element;
  if ((!p && !x) || ((!p || p.end === p.start) && (!x || x.end === x.start))) return fail('x509: empty name constraints extension');
  let unhandled = false;
  for (const subtrees of [p, x]) {
    if (!subtrees) continue;
    const list = new DerInput(bytes, subtrees.start, subtrees.end);
    while (!list.empty) {
      const s = list.read(TAG.SEQUENCE);
      const value = s ? list.inner(s).readAny() : undefined;
      if (!value) return fail('x509: invalid NameConstraints extension');
      const text = latin1(bytes, value.start, value.end);
      const ia5Error = () => fail(`x509: invalid constraint value: x509: ${goQuoteBytes(bytes.subarray(value.start, value.end))} cannot be encoded as an IA5String`);
      switch (value.tag) {
        case contextTag(2):
          if (!isIa5(bytes, value.start, value.end)) return ia5Error();
          if (!domainNameValid(text, true)) return fail(`x509: failed to parse dnsName constraint ${goQuote(text)}`);
          break;
        case contextTag(7): {
          const l = value.end - value.start;
          if (l !== 8 && l !== 32) return fail(`x509: IP constraint contained value of length ${l}`);
          const mask = bytes.subarray(value.start + l / 2, value.end);
          if (!validIpMask(mask)) return fail(`x509: IP constraint contained invalid mask ${Buffer.from(mask).toString('hex')}`);
          break;
        }
        case contextTag(1):
          if (!isIa5(bytes, value.start, value.end)) return ia5Error();
          if (text.includes('@') ? !rfc2821MailboxValid(text) : !domainNameValid(text, true)) return fail(`x509: failed to parse rfc822Name constraint ${goQuote(text)}`);
          break;
        case contextTag(6):
          if (!isIa5(bytes, value.start, value.end)) return ia5Error();
          if (isGoIp(text)) return fail(`x509: failed to parse URI constraint ${goQuote(text)}: cannot be IP address`);
          if (!domainNameValid(text, true)) return fail(`x509: failed to parse URI constraint ${goQuote(text)}`);
          break;
        default:
          unhandled = true;
      }
    }
  }
  return { unhandled };
}


/**
 * Just enough of Go's net/url.Parse for a URI subject alternative name: which strings it refuses,
 * with its error text, and the host it finds (x509 then checks that host). ASCII input only: the
 * certificate parser has already refused anything else.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** strconv.Quote for ASCII. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** strconv.Quote of a Go string holding these bytes: valid UTF-8 runes kept when printable, else escaped. */
export function goQuoteBytes(b: Uint8Array): string {
  let out = '"';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      out += goQuote(String.fromCharCode(c)).slice(1, -1);
      i++;
      continue;
    }
    const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    let rune: string | undefined;
    if (len > 1 && i + len <= b.length) {
      try {
        rune = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b.subarray(i, i + len));
      } catch {
        rune = undefined;
      }
    }
    if (rune === undefined) {
      out += '\\x' + c.toString(16).padStart(2, '0');
      i++;
      continue;
    }
    const cp = rune.codePointAt(0) ?? 0;
    out += PRINTABLE.test(rune) ? rune : cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
    i += len;
  }
  return out + '"';
}

// Characters net/url leaves unescaped in a host (and in an IPv6 zone): its encodeHost class.
const HOST_CHARS = /^[A-Za-z0-9!"$&'()*+,\-.:;<=>[\]_~]$/;
const isHex = (c: string): boolean => /^[0-9A-Fa-f]$/.test(c);
const hexValue = (c: string): number => parseInt(c, 16);

type Mode = 'host' | 'zone' | 'other';

// Go: net/url unescape (only the checks: the decoded text is not needed here)
function unescapeError(s: string, mode: Mode): string | undefined {
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        return 'invalid URL escape ' + goQuote(s.slice(i, i + 3));
      }
      const esc = s.slice(i, i + 3);
      if (mode === 'host' && hexValue(s[i + 1]) < 8 && esc !== '%25') return 'invalid URL escape ' + goQuote(esc);
      if (mode === 'zone') {
        // Every octet from 0x80 up counts as one to escape in a host.
        const v = String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
        if (esc !== '%25' && v !== ' ' && !HOST_CHARS.test(v)) return 'invalid URL escape ' + goQuote(esc);
      }
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && !HOST_CHARS.test(c)) return 'invalid character ' + goQuote(c) + ' in host name';
      i++;
    }
  }
  return undefined;
}

function unescapeText(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

export interface UrlOptions {
  /** urlstrictcolons (Go 1.26): an http(s) host with several colons is refused, not split at the last. */
  strictColons: boolean;
}

// Go: net/url parseHost
function parseHost(scheme: string, host: string, o: UrlOptions): { host: string } | { error: string } {
  const open = host.lastIndexOf('[');
  if (open > 0) return { error: 'invalid IP-literal' };
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return { error: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return { error: `invalid port ${goQuote(colonPort)} after host` };
    const portError = unescapeError(colonPort, 'host');
    if (portError) return { error: portError };
    const hostname = host.slice(1, close);
    const zoneAt = hostname.indexOf('%25');
    let address: string;
    if (zoneAt >= 0) {
      const e = unescapeError(hostname.slice(0, zoneAt), 'host') ?? unescapeError(hostname.slice(zoneAt), 'zone');
      if (e) return { error: e };
      address = unescapeText(hostname.slice(0, zoneAt)) + unescapeText(hostname.slice(zoneAt));
    } else {
      const e = unescapeError(hostname, 'host');
      if (e) return { error: e };
      address = unescapeText(hostname);
    }
    // netip.ParseAddr: an IPv6 address, with an optional non-empty zone.
    const pct = address.indexOf('%');
    const bare = pct >= 0 ? address.slice(0, pct) : address;
    if (isIPv4(address)) return { error: 'invalid IP-literal' };
    if (!isIPv6(bare) || (pct >= 0 && pct === address.length - 1)) return { error: `invalid host: ParseAddr(${goQuote(address)}): ${parseAddrMessage(address)}` };
    return { host: '[' + address + ']' + unescapeText(colonPort) };
  }
  const first = host.indexOf(':');
  if (first !== -1) {
    let i = first;
    const last = host.lastIndexOf(':');
    if (last !== first && (!(scheme === 'http' || scheme === 'https') || !o.strictColons)) i = last;
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) return { error: `invalid port ${goQuote(colonPort)} after host` };
  }
  const e = unescapeError(host, 'host');
  return e ? { error: e } : { host: unescapeText(host) };
}

/**
 * netip.ParseAddr's error message for an address it refuses, where the first '.', ':' or '%' picks
 * the parser: none, "unable to parse IP"; '%' first, "missing IPv6 address"; ':' first and an empty
 * zone, "zone must be a non-empty string". The other messages (a malformed IPv4 or IPv6 address
 * itself) are not modelled: "unable to parse IP" stands for them.
 */
function parseAddrMessage(address: string): string {
  const first = /[.:%]/.exec(address)?.[0];
  if (first === '%') return 'missing IPv6 address';
  if (first === ':' && address.indexOf('%') === address.length - 1) return 'zone must be a non-empty string';
  return 'unable to parse IP';
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

/** What url.Parse fills in that callers look at: Scheme (lower case), Host, Path (unescaped) and Opaque. */
export interface ParsedUrl {
  scheme: string;
  host: string;
  path: string;
  opaque: string;
}

/** url.Parse: the URL's parts, or the error it prints. */
// Go: net/url Parse / parse / parseAuthority
export function parseUrl(raw: string, o: UrlOptions): ParsedUrl | { error: string } {
  const hash = raw.indexOf('#');
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  const fail = (url: string, e: string) => ({ error: `parse ${goQuote(url)}: ${e}` });
  if (/[\x00-\x1f\x7f]/.test(u)) return fail(u, 'net/url: invalid control character in URL');
  let host = '';
  let scheme = '';
  let urlPath = '';
  if (u === '*') urlPath = '*';
  else {
    // getScheme
    let rest = u;
    for (let i = 0; i < u.length; i++) {
      const c = u[i];
      if (/[A-Za-z]/.test(c)) continue;
      if (/[0-9+\-.]/.test(c)) {
        if (i === 0) break;
        continue;
      }
      if (c === ':') {
        if (i === 0) return fail(u, 'missing protocol scheme');
        scheme = u.slice(0, i).toLowerCase();
        rest = u.slice(i + 1);
      }
      break;
    }
    if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
    else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
    if (!rest.startsWith('/')) {
      if (scheme !== '') return fragmentCheck(raw, hash, { scheme, host: '', path: '', opaque: rest });
      const segment = rest.split('/')[0];
      if (segment.includes(':')) return fail(u, 'first path segment in URL cannot contain colon');
    }
    if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
      let authority = rest.slice(2);
      rest = '';
      const slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.slice(slash);
        authority = authority.slice(0, slash);
      }
      const at = authority.lastIndexOf('@');
      const h = parseHost(scheme, at < 0 ? authority : authority.slice(at + 1), o);
      if ('error' in h) return fail(u, h.error);
      if (at >= 0) {
        const userinfo = authority.slice(0, at);
        if (!validUserinfo(userinfo)) return fail(u, 'net/url: invalid userinfo');
        for (const part of userinfo.includes(':') ? [userinfo.slice(0, userinfo.indexOf(':')), userinfo.slice(userinfo.indexOf(':') + 1)] : [userinfo]) {
          const e = unescapeError(part, 'other');
          if (e) return fail(u, e);
        }
      }
      host = h.host;
    }
    const e = unescapeError(rest, 'other');
    if (e) return fail(u, e);
    urlPath = unescapeText(rest);
  }
  return fragmentCheck(raw, hash, { scheme, host, path: urlPath, opaque: '' });
}

function fragmentCheck(raw: string, hash: number, ok: ParsedUrl): ParsedUrl | { error: string } {
  if (hash < 0) return ok;
  const e = unescapeError(raw.slice(hash + 1), 'other');
  return e ? { error: `parse ${goQuote(raw)}: ${e}` } : ok;
}

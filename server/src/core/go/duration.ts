/**
 * Go's time.ParseDuration, for hosts.toml's `dial_timeout` (containerd 2.1+): which strings it
 * refuses and with what text. Works on the UTF-8 bytes, as Go indexes strings.
 */

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n, // micro sign
  '\u03bcs': 1_000n, // Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const TWO63 = 1n << 63n;

/** time's own quote: ASCII kept (with \" and \\), every byte of anything else as \xNN. */
function timeQuote(b: Buffer): string {
  let out = '"';
  const s = b.toString('utf8');
  let i = 0;
  for (const ch of s) {
    const width = Buffer.byteLength(ch);
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      // A replacement character stands for one invalid byte (Go's range loop), unless the bytes really are U+FFFD.
      const n = c === 0xfffd && !(b[i] === 0xef && b[i + 1] === 0xbf && b[i + 2] === 0xbd) ? 1 : width;
      for (let j = 0; j < n; j++) out += '\\x' + b[i + j].toString(16).padStart(2, '0');
      i += n;
      continue;
    }
    if (ch === '"' || ch === '\\') out += '\\';
    out += ch;
    i += width;
  }
  return out + '"';
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** The error time.ParseDuration returns for `s`, or undefined when it parses. */
export function parseDurationError(s: string): string | undefined {
  const orig = Buffer.from(s, 'utf8');
  const fail = (message: string) => `time: ${message} ${timeQuote(orig)}`;
  let b = orig;
  let neg = false;
  if (b.length > 0 && (b[0] === 0x2d || b[0] === 0x2b)) {
    neg = b[0] === 0x2d;
    b = b.subarray(1);
  }
  if (b.length === 1 && b[0] === 0x30) return undefined;
  if (b.length === 0) return fail('invalid duration');
  let d = 0n;
  while (b.length > 0) {
    if (!(b[0] === 0x2e || isDigit(b[0]))) return fail('invalid duration');
    // leadingInt
    let v = 0n;
    let i = 0;
    for (; i < b.length && isDigit(b[i]); i++) {
      if (v > TWO63 / 10n) return fail('invalid duration');
      v = v * 10n + BigInt(b[i] - 0x30);
      if (v > TWO63) return fail('invalid duration');
    }
    const pre = i > 0;
    b = b.subarray(i);
    // leadingFraction: stops gaining precision on overflow, never fails
    let f = 0n;
    let scale = 1;
    let post = false;
    if (b.length > 0 && b[0] === 0x2e) {
      b = b.subarray(1);
      let j = 0;
      let overflow = false;
      for (; j < b.length && isDigit(b[j]); j++) {
        if (overflow) continue;
        if (f > (TWO63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(b[j] - 0x30);
        if (y > TWO63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      b = b.subarray(j);
    }
    if (!pre && !post) return fail('invalid duration');
    let u = 0;
    while (u < b.length && !(b[u] === 0x2e || isDigit(b[u]))) u++;
    if (u === 0) return fail('missing unit in duration');
    const unitBytes = b.subarray(0, u);
    b = b.subarray(u);
    const unit = UNITS[unitBytes.toString('utf8')];
    // A unit name that is not valid UTF-8 cannot match any key.
    if (unit === undefined || !Buffer.from(unitBytes.toString('utf8'), 'utf8').equals(unitBytes)) return fail(`unknown unit ${timeQuote(unitBytes)} in duration`);
    if (v > TWO63 / unit) return fail('invalid duration');
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO63) return fail('invalid duration');
    }
    d += v;
    if (d > TWO63) return fail('invalid duration');
  }
  if (!neg && d > TWO63 - 1n) return fail('invalid duration');
  return undefined;
}

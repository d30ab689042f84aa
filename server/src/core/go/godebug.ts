/**
 * The GODEBUG settings that change what crypto/x509 and crypto/tls accept while loading certs.d
 * files, with their defaults per Go release (internal/godebugs/table.go: a setting's default is its
 * Old value for a main module whose go line is before the release that Changed it).
 * An engine's default follows the `go` line of its main module's go.mod, not the toolchain.
 */

export interface GoParseOptions {
  /** x509negativeserial=1: ParseCertificate accepts negative serial numbers (refused since Go 1.23). */
  negativeSerial: boolean;
  /**
   * x509rsacrt (Go >= 1.24): ParsePKCS1PrivateKey validates the key's CRT values (dP, dQ, qInv).
   * false (x509rsacrt=0) drops invalid ones and recomputes them from p and q.
   */
  rsaCrt: boolean;
  /**
   * rsa1024min (Go >= 1.24): RSA keys under 1024 bits fail when used (sign, verify), not when parsed:
   * ParsePKCS1PrivateKey, ParseCertificate and X509KeyPair load them either way; see goRsaKeySizeError.
   */
  rsa1024min: boolean;
  /** urlstrictcolons (Go >= 1.26): an http(s) URI SAN whose host has several colons is refused. */
  urlStrictColons: boolean;
}

interface Setting {
  name: string;
  key: keyof GoParseOptions;
  /** The Go minor release whose default is the new behaviour. */
  changed: number;
  /** GODEBUG value of the old behaviour. */
  old: string;
  /** Option value meaning the new behaviour. */
  newValue: boolean;
}

const SETTINGS: Setting[] = [
  { name: 'x509negativeserial', key: 'negativeSerial', changed: 23, old: '1', newValue: false },
  { name: 'x509rsacrt', key: 'rsaCrt', changed: 24, old: '0', newValue: true },
  { name: 'rsa1024min', key: 'rsa1024min', changed: 24, old: '0', newValue: true },
  { name: 'urlstrictcolons', key: 'urlStrictColons', changed: 26, old: '0', newValue: true },
];

/** The newest Go release modelled (the one whose sources the parsers follow). */
export const GO_VERSION = '1.26';

function minor(goVersion: string): number {
  const m = /^(?:go)?1\.(\d+)/.exec(goVersion.trim());
  return m ? Number(m[1]) : Number(GO_VERSION.split('.')[1]);
}

/** Defaults for a main module whose go.mod says `go <goVersion>` ('1.22' .. '1.26'; later means 1.26). */
export function goDefaults(goVersion: string = GO_VERSION): GoParseOptions {
  const v = minor(goVersion);
  const o = {} as GoParseOptions;
  for (const s of SETTINGS) o[s.key] = v >= s.changed ? s.newValue : !s.newValue;
  return o;
}

export const GO_DEFAULTS: Readonly<GoParseOptions> = Object.freeze(goDefaults());

/**
 * The GODEBUG string that gives a Go 1.26 binary these defaults of an older go line (the
 * conformance suite runs the engines' loaders with it). Empty for 1.26.
 */
export function godebugForGoLine(goVersion: string): string {
  const v = minor(goVersion);
  return SETTINGS.filter((s) => v < s.changed)
    .map((s) => `${s.name}=${s.old}`)
    .join(',');
}

/**
 * Applies a GODEBUG string (`x509negativeserial=1,x509rsacrt=0`) over `base`, as Go reads it: the
 * last setting of a name wins, names are exact, a `#pattern` suffix is dropped, and a value other
 * than the setting's old one means the new behaviour. Unknown names are ignored.
 */
// Go: internal/godebug parse
export function parseGodebug(s: string, base: GoParseOptions = GO_DEFAULTS): GoParseOptions {
  const o = { ...base };
  for (const part of s.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq);
    const hash = part.indexOf('#', eq + 1);
    const value = part.slice(eq + 1, hash < 0 ? undefined : hash);
    const setting = SETTINGS.find((x) => x.name === name);
    if (setting) o[setting.key] = value === setting.old ? !setting.newValue : setting.newValue;
  }
  return o;
}

/** The error crypto/rsa gives when a key this small is used to sign or verify, or undefined. */
// Go: crypto/rsa checkKeySize
export function goRsaKeySizeError(bits: number, o: GoParseOptions = GO_DEFAULTS): string | undefined {
  if (bits >= 1024 || !o.rsa1024min) return undefined;
  return `crypto/rsa: ${bits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)`;
}

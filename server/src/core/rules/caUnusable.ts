import * as path from 'node:path';
import { FileFacts } from '../facts';
import { isPrivateKeyType } from '../go/pem';
import { Fix } from '../findings';
import { HostRule } from './rule';
import { engineFails } from './util';

/** Why Go found no certificate in a file. */
export function whyNoCertificate(file: FileFacts): string {
  const name = path.basename(file.path);
  const data = file.data;
  if (name.startsWith('._')) return `${name} is a macOS metadata file (AppleDouble), not a certificate: delete it`;
  if (!data || data.length === 0 || data.toString('latin1').trim() === '') return `${name} is empty`;
  if (file.derCertificate?.ok) return `${name} is a DER (binary) certificate, and the engines read PEM only: convert it to PEM`;
  if (file.hasBom) return `${name} starts with a UTF-8 byte order mark, which hides the first PEM block from Go: save it without a BOM`;
  const regions = file.armor;
  if (regions.length === 0) return `${name} holds no PEM block: it must contain -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----`;
  if (regions.every((r) => isPrivateKeyType(r.type))) return `${name} holds a private key, not a certificate: a CA file holds certificates only`;
  const certs = regions.filter((r) => r.type === 'CERTIFICATE');
  if (certs.length === 0) return `${name} holds ${regions.map((r) => r.type).join(', ')}, not CERTIFICATE`;
  if (certs.some((r) => r.indented)) return `the BEGIN/END lines in ${name} are indented: Go only accepts them at the start of a line`;
  if (certs.some((r) => r.headerLines > 0)) return `the CERTIFICATE block in ${name} has header lines, which Go's certificate pool skips: remove them`;
  if (certs.some((r) => r.endLine < 0)) {
    // An END line whose dashes are missing or short is there for a person, not for Go.
    const text = data.toString('latin1');
    return /^[ \t]*-*[ \t]*END CERTIFICATE[ \t]*-*[ \t]*\r?$/m.test(text)
      ? `the END line of the CERTIFICATE block in ${name} is malformed: it must read exactly -----END CERTIFICATE----- (five dashes each side)`
      : `the CERTIFICATE block in ${name} has no END line`;
  }
  // The block decodes but Go's x509.ParseCertificate refuses it: say why, in Go's words.
  for (const b of file.blocks) {
    if (b.type !== 'CERTIFICATE') continue;
    const parsed = file.certificate(b);
    if (!parsed.ok) return `Go cannot parse the certificate in ${name} ("${parsed.error}"), so the engines skip it`;
  }
  return `the CERTIFICATE block in ${name} is damaged (bad base64, or not a certificate)`;
}

/** C1, C2, F4: a .crt that contributes no CA certificate. */
export const caUnusable: HostRule = {
  code: 'certsd/ca-unusable',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A .crt file holds no certificate Go can use: Docker and Podman ignore it silently, containerd refuses it.',
  check({ load, actor, cache, report }) {
    for (const ca of load.caFiles) {
      if (ca.skipped || ca.added > 0) continue;
      const file = cache.file(ca.entry.path);
      const why = whyNoCertificate(file);
      const err = load.errors.find((e) => e.kind === 'ca-unusable' && e.path === ca.entry.path);
      // Docker and Podman pass over it; whether pulls fail depends on the other .crt files.
      const othersLoad = load.caFiles.some((c) => c.added > 0);
      const verdict = err
        ? engineFails(actor, err.message, load)
        : othersLoad
          ? `${actor} silently ignores this file (the other .crt files still give it CA roots)`
          : `${actor} silently ignores this file, so pulls fail with "x509: certificate signed by unknown authority"`;
      const fixes: Fix[] = [];
      if (file.derCertificate?.ok) {
        fixes.push({ kind: 'der-to-pem', title: 'Convert to PEM', path: file.path, to: file.path, preferred: true });
      }
      report({ path: file.path, range: file.firstLine, severity: err || !othersLoad ? 'error' : 'warning', message: `${verdict}: ${why}.`, fixes });
    }
  },
};

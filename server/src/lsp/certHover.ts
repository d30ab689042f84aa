/**
 * The certificate part of a hover, shared by PEM files and the paths hosts.toml names, and the
 * layout keys use too: a bold title naming what it is, the role in italics, then one `- **Label**:
 * value` line per detail. A list, not a table: a table cell cannot wrap, so a long subject or SAN
 * list made the popup scroll sideways; list lines wrap. The SHA-256 fingerprint (95 characters,
 * no space to wrap at) is two lines of 16 bytes, joined by a Markdown hard break.
 */
import type * as Describe from '../core/describe';
import { relativeValidity } from '../core/durationText';
import { mdText } from '../core/markdown';
import { CertFacts } from '../core/go/x509';
import { t } from '../core/l10n';
import { formatDate } from '../core/dates';

// @peculiar/x509 (through describe.ts) takes ~80 ms to load: only the first hover pays for it.
let describeModule: typeof Describe | undefined;
export function describe(): typeof Describe {
  return (describeModule ??= require('../core/describe') as typeof Describe);
}

const day = formatDate;

/** `AB:CD:...` in lines of `perLine` bytes. */
export function wrapFingerprint(fingerprint: string, perLine = 16): string[] {
  const bytes = fingerprint.split(':');
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine) lines.push(bytes.slice(i, i + perLine).join(':'));
  return lines;
}

/**
 * The one layout of certificate and key hovers. `title` and `role` are Markdown already (names
 * escaped by the caller); `rows` are [label, Markdown value].
 */
export function hoverLayout(title: string, role: string, rows: [string, string][]): string {
  return [title, '', `*${role}*`, '', ...rows.map(([k, v]) => `- **${k}**: ${v}`)].join('\n');
}

/**
 * A certificate's details, under a line saying what it is to the engine (`role`). Every field
 * read from the certificate goes through mdText: a SAN or subject can hold links, images and HTML
 * (untrusted input).
 */
export function certificateHover(cert: CertFacts, role: string, now: Date): string {
  const { describeCertificate } = describe();
  const d = describeCertificate(cert);
  const list = (xs: string[], none: string) => (xs.length ? xs.map(mdText).join(', ') : none);
  const rows: [string, string][] = [
    [t('Valid'), t('{0} to {1}: **{2}**', day(d.notBefore), day(d.notAfter), relativeValidity(d.notBefore, d.notAfter, now))],
    [t('Subject'), d.subject ? mdText(d.subject) : t('(empty)')],
    [t('Issuer'), d.selfSigned ? t('{0} (self-signed)', mdText(d.issuer)) : mdText(d.issuer)],
    [t('Names (SAN)'), list(d.sans, t('(none)'))],
    [t('Public key'), mdText(d.publicKey)],
    [t('Signature'), mdText(d.signatureAlgorithm)],
    ['CA', d.isCA ? (d.pathLength !== undefined ? t('yes, path length {0}', d.pathLength) : t('yes')) : t('no')],
    [t('Key usage'), list(d.keyUsage, t('(any)'))],
    [t('Extended key usage'), list(d.extKeyUsage, t('(any)'))],
    [t('Serial'), mdText(d.serialNumber)],
    // Hex and colons only (node:crypto's fingerprint256): nothing in it is Markdown. `\` + newline is a hard break.
    ['SHA-256', wrapFingerprint(d.fingerprint256).map((l) => `\`${l}\``).join('\\\n  ')],
  ];
  return hoverLayout(t('**Certificate** {0}', mdText(d.subject)), role, rows);
}

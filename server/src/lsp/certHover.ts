/** The certificate part of a hover, shared by PEM files and the paths hosts.toml names. */
import type * as Describe from '../core/describe';
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


/**
 * A certificate's details as a Markdown table, under a line saying what it is to the engine (`role`,
 * Markdown already: its names escaped by the caller). Every field read from the certificate goes
 * through mdText: a SAN or subject can hold links, images and HTML (untrusted input).
 */
export function certificateHover(cert: CertFacts, role: string, now: Date): string {
  const { describeCertificate, relativeValidity } = describe();
  const d = describeCertificate(cert);
  const list = (xs: string[], none: string) => (xs.length ? xs.map(mdText).join(', ') : none);
  const rows: [string, string][] = [
    [t('Subject'), d.subject ? mdText(d.subject) : t('(empty)')],
    [t('Issuer'), d.selfSigned ? t('{0} (self-signed)', mdText(d.issuer)) : mdText(d.issuer)],
    [t('Serial'), mdText(d.serialNumber)],
    [t('Valid'), t('{0} to {1}: **{2}**', day(d.notBefore), day(d.notAfter), relativeValidity(d.notBefore, d.notAfter, now))],
    [t('Names (SAN)'), list(d.sans, t('(none)'))],
    [t('Public key'), mdText(d.publicKey)],
    [t('Signature'), mdText(d.signatureAlgorithm)],
    ['SHA-256', `\`${d.fingerprint256}\``],
    ['CA', d.isCA ? (d.pathLength !== undefined ? t('yes, path length {0}', d.pathLength) : t('yes')) : t('no')],
    [t('Key usage'), list(d.keyUsage, t('(any)'))],
    [t('Extended key usage'), list(d.extKeyUsage, t('(any)'))],
  ];
  return [t('**Certificate** {0}', mdText(d.subject)), '', `*${role}*`, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

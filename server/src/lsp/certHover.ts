/** The certificate part of a hover, shared by PEM files and the paths hosts.toml names. */
import type * as Describe from '../core/describe';
import { CertFacts } from '../core/x509';

// @peculiar/x509 (through describe.ts) takes ~80 ms to load: only the first hover pays for it.
let describeModule: typeof Describe | undefined;
export function describe(): typeof Describe {
  return (describeModule ??= require('../core/describe') as typeof Describe);
}

function day(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A certificate's details as a Markdown table, under a line saying what it is to the engine (`role`). */
export function certificateHover(cert: CertFacts, role: string, now: Date): string {
  const { describeCertificate, relativeValidity } = describe();
  const d = describeCertificate(cert);
  const rows: [string, string][] = [
    ['Subject', d.subject || '(empty)'],
    ['Issuer', d.selfSigned ? `${d.issuer} (self-signed)` : d.issuer],
    ['Serial', d.serialNumber],
    ['Valid', `${day(d.notBefore)} to ${day(d.notAfter)}: **${relativeValidity(d.notBefore, d.notAfter, now)}**`],
    ['Names (SAN)', d.sans.length ? d.sans.join(', ') : '(none)'],
    ['Public key', d.publicKey],
    ['Signature', d.signatureAlgorithm],
    ['SHA-256', `\`${d.fingerprint256}\``],
    ['CA', d.isCA ? `yes${d.pathLength !== undefined ? `, path length ${d.pathLength}` : ''}` : 'no'],
    ['Key usage', d.keyUsage.join(', ') || '(any)'],
    ['Extended key usage', d.extKeyUsage.join(', ') || '(any)'],
  ];
  return [`**Certificate** ${cell(d.subject)}`, '', `*${role}*`, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)].join('\n');
}

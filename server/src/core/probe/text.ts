/** The probe's report as text: the CLI prints it, the editor writes it to its output channel. */
import { EndpointReport, ProbeReport } from './report';

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

function endpointText(e: EndpointReport, color: boolean): string[] {
  const lines = [`${e.role === 'registry' ? '' : `${e.role}: `}${e.url}  (connecting to ${e.address})`];
  const t = e.tls;
  if (t) {
    if (t.version) lines.push(`  ${t.version}${t.cipher ? `, ${t.cipher}` : ''}${t.serverName ? `, SNI ${t.serverName}` : ', no SNI'}`);
    if (t.chain.length) {
      lines.push('  chain the server sent:');
      t.chain.forEach((c, i) => lines.push(`    ${i}: ${c.subject.split('\n').join(', ')}  (issuer ${c.issuer.split('\n').join(', ')}; ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}; sha256 ${c.sha256})`));
    }
    if (t.nameCheck) lines.push(`  name ${t.nameCheck.name}: ${t.nameCheck.ok ? `matches ${t.nameCheck.matched}` : 'does not match'}`);
    if (t.skipVerify) lines.push('  the engine does not verify this server');
    else if (t.anchor) lines.push(`  trusted through ${t.anchor.subject.split('\n').join(', ')} (${t.anchor.source === 'folder' ? t.anchor.path : `system roots, ${t.anchor.path}`})`);
    if (t.clientCertificateRequested) {
      lines.push(`  the server asks for a client certificate${t.acceptableCAs.length ? ` issued by ${t.acceptableCAs.map((c) => `"${c}"`).join(', ')}` : ''}; sent: ${e.clientCertificate ?? 'none'}`);
      for (const p of e.clientCertificatesPassedOver) lines.push(`    passed over ${p.file}: ${p.reason}`);
    }
    for (const u of t.unmodelled) lines.push(`  not modelled: ${u}`);
  }
  if (e.http.status !== null) lines.push(`  HTTP ${e.http.status}${e.http.statusText ? ' ' + e.http.statusText : ''}${e.http.meaning ? `: ${e.http.meaning}` : ''}${e.http.plainHttp ? ' (plain HTTP)' : ''}`);
  for (const n of e.notes) lines.push(`  note: ${n}`);
  lines.push(e.ok ? paint(color, '32', '  OK') : paint(color, '31', `  FAILED: ${e.error}`));
  return lines;
}

export function probeText(r: ProbeReport, color: boolean): string {
  const lines = [`certsd probe ${r.host} as ${r.engine}${r.loader !== r.engine.split('@')[0] ? ` (certs.d read by ${r.loader}'s code)` : ''}`];
  if (r.folder.skipped) lines.push(`folder: none (${r.folder.skipped === 'docker-hub' ? 'Docker Hub' : 'a loopback registry'}: certs.d is not read)`);
  else lines.push(`folder: ${r.folder.path ?? `none of ${r.folder.tried.join(', ')} exists`}`);
  lines.push(`system roots: ${r.systemRoots.certificates} certificates (${[r.systemRoots.file, ...r.systemRoots.directories].filter(Boolean).join(', ')})`);
  for (const e of r.endpoints) lines.push('', ...endpointText(e, color));
  lines.push('', r.ok ? paint(color, '32', `OK: the registry answered (${r.millis} ms)`) : paint(color, '31', `FAILED: ${r.error ?? 'no endpoint answered'} (${r.millis} ms)`));
  if (r.advice.length) {
    lines.push('', 'advice:');
    for (const a of r.advice) lines.push(`- ${a.message}`);
  }
  return lines.join('\n') + '\n';
}

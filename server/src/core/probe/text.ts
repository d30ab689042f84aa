/** The probe's report as text: the CLI prints it, the editor writes it to its output channel. */
import { t } from '../l10n';
import { Engine, ENGINE_NAMES } from '../tree';
import { EndpointReport, ProbeReport } from './report';

function paint(on: boolean, code: string, s: string): string {
  return on ? `\u001b[${code}m${s}\u001b[0m` : s;
}

function endpointText(e: EndpointReport, color: boolean): string[] {
  const lines = [`${e.role === 'registry' ? '' : `${e.role}: `}${e.url}  ${t('(connecting to {0})', e.address)}`];
  const tls = e.tls;
  if (tls) {
    if (tls.version) lines.push(`  ${tls.version}${tls.cipher ? `, ${tls.cipher}` : ''}${tls.serverName ? `, SNI ${tls.serverName}` : t(', no SNI')}`);
    if (tls.chain.length) {
      lines.push(t('  chain the server sent:'));
      tls.chain.forEach((c, i) =>
        lines.push(`    ${i}: ${c.subject.split('\n').join(', ')}  ${t('(issuer {0}; {1} to {2}; sha256 {3})', c.issuer.split('\n').join(', '), c.notBefore.slice(0, 10), c.notAfter.slice(0, 10), c.sha256)}`),
      );
    }
    if (tls.nameCheck) lines.push(tls.nameCheck.ok ? t('  name {0}: matches {1}', tls.nameCheck.name, String(tls.nameCheck.matched)) : t('  name {0}: does not match', tls.nameCheck.name));
    if (tls.skipVerify) lines.push(t('  the engine does not verify this server'));
    else if (tls.anchor) {
      const subject = tls.anchor.subject.split('\n').join(', ');
      lines.push(tls.anchor.source === 'folder' ? t('  trusted through {0} ({1})', subject, String(tls.anchor.path)) : t('  trusted through {0} (system roots, {1})', subject, String(tls.anchor.path)));
    }
    if (tls.clientCertificateRequested) {
      const sent = e.clientCertificate ?? t('none');
      lines.push(
        tls.acceptableCAs.length
          ? t('  the server asks for a client certificate issued by {0}; sent: {1}', tls.acceptableCAs.map((c) => `"${c}"`).join(', '), sent)
          : t('  the server asks for a client certificate; sent: {0}', sent),
      );
      for (const p of e.clientCertificatesPassedOver) lines.push(t('    passed over {0}: {1}', p.file, p.reason));
    }
    for (const u of tls.unmodelled) lines.push(t('  not modelled: {0}', u));
  }
  if (e.http.status !== null) lines.push(`  HTTP ${e.http.status}${e.http.statusText ? ' ' + e.http.statusText : ''}${e.http.meaning ? `: ${e.http.meaning}` : ''}${e.http.plainHttp ? t(' (plain HTTP)') : ''}`);
  for (const n of e.notes) lines.push(t('  note: {0}', n));
  lines.push(e.ok ? paint(color, '32', '  OK') : paint(color, '31', t('  FAILED: {0}', String(e.error))));
  return lines;
}

export function probeText(r: ProbeReport, color: boolean): string {
  const lines = [
    // The loader is a display name (ENGINE_NAMES, as probe() reports it), the engine a label (docker@29).
    r.loader !== ENGINE_NAMES[r.engine.split('@')[0] as Engine] ? t("certsd probe {0} as {1} (certs.d read by {2}'s code)", r.host, r.engine, r.loader) : t('certsd probe {0} as {1}', r.host, r.engine),
  ];
  if (r.folder.skipped === 'docker-hub') lines.push(t('folder: none (Docker Hub: certs.d is not read)'));
  else if (r.folder.skipped) lines.push(t('folder: none (a loopback registry: certs.d is not read)'));
  else lines.push(r.folder.path ? t('folder: {0}', r.folder.path) : t('folder: none of {0} exists', r.folder.tried.join(', ')));
  lines.push(t('system roots: {0} certificates ({1})', r.systemRoots.certificates, [r.systemRoots.file, ...r.systemRoots.directories].filter(Boolean).join(', ')));
  for (const e of r.endpoints) lines.push('', ...endpointText(e, color));
  lines.push(
    '',
    r.ok ? paint(color, '32', t('OK: the registry answered ({0} ms)', r.millis)) : paint(color, '31', t('FAILED: {0} ({1} ms)', r.error ?? t('no endpoint answered'), r.millis)),
  );
  if (r.advice.length) {
    lines.push('', t('advice:'));
    for (const a of r.advice) lines.push(`- ${a.message}`);
  }
  return lines.join('\n') + '\n';
}

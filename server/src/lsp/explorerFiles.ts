/**
 * The files the Explorer's commands apply to, from the findings (core/actions.ts): the client sets
 * them as context keys, so "Convert DER certificate to PEM" shows only on DER certificates and
 * "Delete" only on files the checker found unneeded. Sent when the lists change.
 */
import { Connection } from 'vscode-languageserver';
import { offeredActions } from '../core/actions';
import { ExplorerFilesParams, Notifications } from '../protocol';
import { CertsdWorkspace } from './workspace';

export function explorerFiles(ws: CertsdWorkspace): ExplorerFilesParams {
  const der = new Set<string>();
  const deletable = new Set<string>();
  for (const root of ws.roots.values()) {
    for (const host of root.hosts.values()) {
      const files = new Set(host.findings.map((f) => f.path));
      for (const file of files) {
        for (const a of offeredActions(host, file)) {
          if (a.kind === 'convert-der-to-pem') der.add(a.path);
          if (a.kind === 'delete') deletable.add(a.path);
        }
      }
    }
  }
  return { derCertificates: [...der].sort(), deletableFiles: [...deletable].sort() };
}

export class ExplorerFilesNotifier {
  private last = '';

  constructor(private readonly connection: Connection) {}

  async tell(ws: CertsdWorkspace): Promise<void> {
    const params = explorerFiles(ws);
    const text = JSON.stringify(params);
    if (text === this.last) return;
    this.last = text;
    await this.connection.sendNotification(Notifications.explorerFiles, params);
  }
}

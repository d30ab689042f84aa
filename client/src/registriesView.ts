/**
 * The Registries view in the Explorer: each certs.d folder being checked, and under it each host
 * folder with the engine's verdict (the code lens's words), its soonest expiry, and actions (test
 * connection, generate a client pair, reveal in the Explorer). Follows every check of the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { HostFolderVerdict, RegistriesResult, RegistryRoot, Requests } from '../../server/out/protocol';
import { onChecked } from './checked';
import { expiryText } from './expiryText';

export type RegistryNode = { kind: 'root'; root: RegistryRoot; hosts: HostFolderVerdict[] } | { kind: 'host'; folder: HostFolderVerdict };

const ICONS: Record<HostFolderVerdict['severity'], vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
};

/** What the view shows of a host folder; the description leads with the soonest expiry. */
export function hostItem(h: HostFolderVerdict, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(h.name, vscode.TreeItemCollapsibleState.None);
  const expiry = h.soonestExpiry ? expiryText(h.soonestExpiry.notAfter, now) : undefined;
  item.description = expiry ? `${expiry} · ${h.verdict}` : h.verdict;
  const problems = h.problems === 0 ? vscode.l10n.t('No problems') : h.problems === 1 ? vscode.l10n.t('1 problem (see the Problems panel)') : vscode.l10n.t('{0} problems (see the Problems panel)', h.problems);
  const soonest = h.soonestExpiry ? vscode.l10n.t('Soonest expiry: {0} in {1}, {2} ({3})', h.soonestExpiry.subject, vscode.workspace.asRelativePath(h.soonestExpiry.path), h.soonestExpiry.notAfter, expiry ?? '') : vscode.l10n.t('No certificate in use');
  item.tooltip = [h.path, h.verdict, problems, soonest].join('\n');
  item.iconPath = ICONS[h.severity];
  item.resourceUri = vscode.Uri.file(h.path);
  // view/item/context menus: Test connection only where the folder names a registry (not `_default`).
  item.contextValue = h.reference ? 'certsd.host.probeable' : 'certsd.host';
  item.id = `host:${h.path}`;
  return item;
}

function rootItem(r: RegistryRoot): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.workspace.asRelativePath(r.path), vscode.TreeItemCollapsibleState.Expanded);
  item.description = r.engine;
  item.tooltip = `${r.path}: a certs.d folder read as ${r.engine} reads it`;
  item.iconPath = new vscode.ThemeIcon('root-folder');
  item.contextValue = 'certsd.root';
  item.id = `root:${r.path}`;
  return item;
}

export class RegistriesView implements vscode.TreeDataProvider<RegistryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegistryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.subscriptions = [this.changed, onChecked(() => this.refresh())];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  getTreeItem(node: RegistryNode): vscode.TreeItem {
    return node.kind === 'root' ? rootItem(node.root) : hostItem(node.folder, new Date());
  }

  async getChildren(node?: RegistryNode): Promise<RegistryNode[]> {
    if (node?.kind === 'host') return [];
    if (node?.kind === 'root') return node.hosts.map((folder) => ({ kind: 'host', folder }));
    const client = this.client();
    // Before the first check there is nothing to show; its `checked` notification refreshes the view.
    if (!client || client.state !== State.Running) return [];
    const r = await client.sendRequest<RegistriesResult>(Requests.registries);
    return r.roots.map((root) => ({ kind: 'root', root, hosts: r.hosts.filter((h) => h.root === root.path) }));
  }
}

/**
 * Registers the Registries view, its actions and the walkthrough's commands (New host folder...,
 * Add CA certificate...). extension.ts calls registerRegistries once, before the client starts.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { Commands, GenerateClientPairParams, REGISTRIES_VIEW, TestConnectionArgs } from '../../server/out/protocol';
import { addCaFile, AddCaFileArgs } from './addCaFile';
import { forwardChecked } from './checked';
import { whenTrusted } from './trust';
import { newHostFolder } from './newHostFolder';
import { RegistriesView, RegistryNode } from './registriesView';

/** Not contributed (no palette entry): the editor suite reads what the view shows through it. */
export const VIEW_ITEMS_COMMAND = 'certsd.registriesViewItems';

const hostPathOf = (node: RegistryNode | undefined): string | undefined => (node?.kind === 'host' ? node.folder.path : undefined);

export function registerRegistries(context: vscode.ExtensionContext, client: LanguageClient): void {
  const view = new RegistriesView(() => client);
  const tree = vscode.window.createTreeView(REGISTRIES_VIEW, { treeDataProvider: view, showCollapseAll: false });
  context.subscriptions.push(
    forwardChecked(client),
    view,
    tree,
    vscode.commands.registerCommand(Commands.refreshRegistries, () => view.refresh()),
    vscode.commands.registerCommand(Commands.newHostFolder, whenTrusted((node?: RegistryNode) => newHostFolder(client, { root: node?.kind === 'root' ? node.root.path : undefined, reveal: true }))),
    vscode.commands.registerCommand(Commands.addCaFile, whenTrusted((arg?: RegistryNode | AddCaFileArgs) =>
      addCaFile(client, arg && 'kind' in arg ? { hostPath: hostPathOf(arg) } : (arg as AddCaFileArgs | undefined)),
    )),
    vscode.commands.registerCommand(Commands.revealHostFolder, (node?: RegistryNode) => {
      const p = hostPathOf(node);
      return p ? vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(p)) : undefined;
    }),
    // The view's actions pass their node; the commands take their own arguments.
    vscode.commands.registerCommand(Commands.testConnectionFromView, (node?: RegistryNode) => {
      const args: TestConnectionArgs | undefined = hostPathOf(node) ? { hostPath: hostPathOf(node) } : undefined;
      return vscode.commands.executeCommand(Commands.testConnection, args);
    }),
    vscode.commands.registerCommand(Commands.generateClientPairFromView, (node?: RegistryNode) => {
      const args: Partial<GenerateClientPairParams> = hostPathOf(node) ? { hostPath: hostPathOf(node) } : {};
      return vscode.commands.executeCommand(Commands.generateClientPair, args);
    }),
    vscode.commands.registerCommand(VIEW_ITEMS_COMMAND, async () => {
      const out: { label: string; description: string; tooltip: string; contextValue: string; icon: string; depth: number }[] = [];
      const walk = async (node: RegistryNode | undefined, depth: number) => {
        for (const child of await view.getChildren(node)) {
          const item = view.getTreeItem(child);
          out.push({ label: String(typeof item.label === 'object' ? item.label.label : item.label), description: String(item.description ?? ''), tooltip: String(item.tooltip ?? ''), contextValue: item.contextValue ?? '', icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '', depth });
          await walk(child, depth + 1);
        }
      };
      await walk(undefined, 0);
      return out;
    }),
  );
}

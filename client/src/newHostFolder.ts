/** certsd.newHostFolder: the steps of newHostFolderSteps.ts, with the server's plan and VS Code's file system. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { HostFolderPlan, PlanHostFolderParams, RegistriesResult, Requests } from '../../server/out/protocol';
import { copyShellCommand } from './copyCommand';
import { askNewHostFolder } from './newHostFolderSteps';
import { vscodeStepUi } from './quickInput';

/** `reveal`: show the new folder in the Explorer (not while the generator goes on asking). */
export async function newHostFolder(client: LanguageClient | undefined, given: { root?: string; reveal?: boolean } = {}): Promise<string | undefined> {
  if (!client) return undefined;
  const created = await askNewHostFolder(
    {
      ui: vscodeStepUi,
      roots: async () => (await client.sendRequest<RegistriesResult>(Requests.registries)).roots,
      plan: (root, host) => {
        const params: PlanHostFolderParams = { root, host };
        return client.sendRequest<HostFolderPlan>(Requests.planHostFolder, params);
      },
      create: async (folder, sudoCommand) => {
        try {
          // mkdir without -p: the server said nothing is there; an EEXIST now means something appeared.
          await fs.promises.mkdir(folder);
          return undefined;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? String(e);
          if ((code === 'EACCES' || code === 'EPERM') && sudoCommand) {
            void copyShellCommand({ message: vscode.l10n.t('The certs.d folder belongs to root: create {0} with sudo.', folder), command: sudoCommand });
          }
          return code;
        }
      },
    },
    { root: given.root },
  );
  if (created) {
    // The server checks the new folder now, so that generating into it is allowed at once.
    await client.sendRequest(Requests.recheck);
    if (given.reveal) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(created));
  }
  return created;
}

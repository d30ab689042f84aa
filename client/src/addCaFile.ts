/**
 * certsd.addCaFile ("Add CA certificate..."): the user picks the registry's CA certificate file and
 * a host folder; it is copied in as a new .crt (`ca.crt`, else `ca-2.crt`...), never over a file.
 * The check that follows says what the engine makes of it (a DER file gets its convert fix).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { RegistriesResult, Requests } from '../../server/out/protocol';

const MAX_CA_FILE = 1024 * 1024;

export interface AddCaFileArgs {
  hostPath?: string;
  /** The file to copy; asked when left out. */
  from?: string;
}

async function pickHostPath(client: LanguageClient): Promise<string | undefined> {
  const { hosts } = await client.sendRequest<RegistriesResult>(Requests.registries);
  if (hosts.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No host folder yet: create one with "certs.d: New host folder..." first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    [...hosts].sort((a, b) => a.name.localeCompare(b.name, 'en')).map((h) => ({ label: h.name, description: h.root, detail: h.verdict, hostPath: h.path })),
    { title: vscode.l10n.t('Add CA certificate (Step 1 of 2)'), placeHolder: vscode.l10n.t("Which registry's folder is the CA for?") },
  );
  return picked?.hostPath;
}

function freeCaName(hostPath: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? 'ca.crt' : `ca-${i}.crt`;
    try {
      fs.lstatSync(path.join(hostPath, name));
    } catch {
      return name;
    }
  }
}

export async function addCaFile(client: LanguageClient | undefined, args: AddCaFileArgs = {}): Promise<string | undefined> {
  if (!client) return undefined;
  const hostPath = args.hostPath ?? (await pickHostPath(client));
  if (!hostPath) return undefined;
  // As the generate commands: a file is copied only into a host folder the server checks, whoever called.
  const { hosts } = await client.sendRequest<RegistriesResult>(Requests.registries);
  if (!hosts.some((h) => h.path === hostPath)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a host folder of a certs.d folder in this workspace: nothing was copied.', hostPath));
    return undefined;
  }
  const from =
    args.from ??
    (
      await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Add CA certificate to {0} (Step 2 of 2)', path.basename(hostPath)),
        openLabel: vscode.l10n.t('Add as CA certificate'),
        canSelectMany: false,
        filters: { [vscode.l10n.t('Certificates')]: ['crt', 'pem', 'cer', 'der'], [vscode.l10n.t('All files')]: ['*'] },
      })
    )?.[0]?.fsPath;
  if (!from) return undefined;
  let data: Buffer;
  try {
    const st = fs.statSync(from);
    if (!st.isFile() || st.size > MAX_CA_FILE) throw new Error(st.isFile() ? vscode.l10n.t('larger than 1 MiB: not a certificate file') : vscode.l10n.t('not a file'));
    data = fs.readFileSync(from);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read {0}: {1}', from, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
  // A key in a CA file is never what the engine wants, and its material would sit beside the certificates.
  if (data.toString('latin1').includes('PRIVATE KEY-----')) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} holds a private key: a CA file holds certificates only. Nothing was copied.', path.basename(from)));
    return undefined;
  }
  const to = path.join(hostPath, freeCaName(hostPath));
  try {
    await fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not copy {0} to {1}: {2}. Nothing was replaced.', path.basename(from), to, (e as NodeJS.ErrnoException).code ?? String(e)));
    return undefined;
  }
  const open = vscode.l10n.t('Open');
  void Promise.resolve(vscode.window.showInformationMessage(vscode.l10n.t('Added {0} to {1}.', path.basename(to), path.basename(hostPath)), open)).then((c) => {
    if (c === open) void vscode.window.showTextDocument(vscode.Uri.file(to));
  });
  return to;
}

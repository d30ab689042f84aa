/**
 * The Registries view in the Explorer and the walkthrough, inside a real VS Code. Runs before
 * extension.test (file names sort), so the view shows the workspace's mistakes as written.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommonNames, ContainerdHosts, Codes, Hosts } from '../fixture';
import { screenshot } from './config';
import { diagnosticWithCode } from './waits';

const EXTENSION_ID = 'certsd.certsd';
/** client/src/registries.ts VIEW_ITEMS_COMMAND: what the view's provider gives VS Code, row by row. */
const VIEW_ITEMS_COMMAND = 'certsd.registriesViewItems';

interface Row {
  label: string;
  description: string;
  tooltip: string;
  contextValue: string;
  icon: string;
  depth: number;
}

describe('Registries view and walkthrough', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  it('lists each certs.d folder and its host folders, sorted, with the verdict and the soonest expiry', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // The server has checked the workspace once this diagnostic is there.
    await diagnosticWithCode(path.join(folder, 'certs.d', Hosts.caAsCert, 'ca.cert'), Codes.caAsCert);
    await vscode.commands.executeCommand('certsd.registries.focus');
    const rows = await vscode.commands.executeCommand<Row[]>(VIEW_ITEMS_COMMAND);
    const show = () => rows.map((r) => `${'  '.repeat(r.depth)}${r.label} | ${r.description} | ${r.icon} | ${r.contextValue}`).join('\n');

    const roots = rows.filter((r) => r.depth === 0);
    assert.deepEqual(roots.map((r) => [r.label, r.description]), [['certs.d', 'Docker'], [path.join('containerd', 'certs.d'), 'containerd']], show());
    const dockerHosts = rows.slice(1, rows.indexOf(roots[1]));
    assert.deepEqual(dockerHosts.map((r) => r.label), [Hosts.derConvert, Hosts.der, Hosts.good, Hosts.noClientPair, Hosts.caAsCert, Hosts.port443, Hosts.serverKey, Hosts.undoFile, Hosts.undoFolder], show());
    const row = (name: string) => rows.find((r) => r.depth === 1 && r.label === name)!;

    // Docker takes the CA saved as .cert for a client certificate without its key: it refuses the folder.
    assert.equal(row(Hosts.caAsCert).icon, 'error', show());
    assert.match(row(Hosts.caAsCert).description, /Docker/, show());
    assert.equal(row(Hosts.caAsCert).contextValue, 'certsd.host.probeable');
    // The good folder: its CA and client certificate are in use, so its description leads with an expiry.
    const good = row(Hosts.good);
    assert.equal(good.icon, 'pass', show());
    assert.match(good.description, /^expires .* · .*Docker.*1 client certificate/, show());
    assert.ok(good.tooltip.includes(CommonNames.goodCa) || good.tooltip.includes(CommonNames.goodClient), good.tooltip);
    assert.equal(row(Hosts.port443).icon, 'warning', show());
    assert.match(row(ContainerdHosts.toml).description, /containerd/, show());

    await screenshot('registries-view', `.customview-tree .monaco-list-row:has-text("${Hosts.good}")`);
  });

  it('contributes the walkthrough "Trust a private registry" and opens it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const walkthroughs = (ext.packageJSON as { contributes: { walkthroughs: { id: string; title: string; steps: unknown[] }[] } }).contributes.walkthroughs;
    const w = walkthroughs.find((x) => x.title === 'Trust a private registry');
    assert.ok(w, 'no walkthrough');
    assert.equal(w.steps.length, 4);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${w.id}`, false);
    await screenshot('walkthrough', '.getting-started-category:has-text("Trust a private registry"), .gettingStartedSlideDetails:has-text("Create the host folder")');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

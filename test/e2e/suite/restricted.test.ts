/**
 * Restricted Mode, in the restricted session only (the launcher opens the folder untrusted and runs
 * the tests whose title says "Restricted Mode"): diagnostics, hovers and verdict lenses work;
 * generate and the fixes wait for trust, and the editor says so where they would be offered.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, MANAGE_TRUST_COMMAND, type GenerateClientPairParams } from '../../../server/src/protocol';
import { Codes, CommonNames, Hosts, RESTRICTED_MODE_TITLE } from '../fixture';
import { describeActions, quickFixes } from './actions';
import { screenshot } from './config';
import { diagnosticWithCode } from './waits';

const certs = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'certs.d');

describe(`${RESTRICTED_MODE_TITLE} (an untrusted workspace)`, () => {
  before(async () => {
    await vscode.extensions.getExtension('certsd.certsd')!.activate();
  });

  it('opened the folder untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the launcher must open the folder untrusted (workspace trust on, not pre-trusted)');
  });

  it('reports problems and shows hovers as in a trusted workspace', async () => {
    await diagnosticWithCode(path.join(certs(), Hosts.caAsCert, 'ca.cert'), Codes.caAsCert);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(certs(), Hosts.good, 'ca.crt')));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 4));
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.ok(text.includes(CommonNames.goodCa), text);
  });

  it('shows the verdict lens and one lens that opens workspace trust instead of Generate and Test connection', async () => {
    const file = path.join(certs(), Hosts.noClientPair, 'ca.crt');
    await diagnosticWithCode(path.join(certs(), Hosts.caAsCert, 'ca.cert'), Codes.caAsCert);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const commands = lenses.map((l) => l.command?.command).filter((c) => c);
    assert.deepEqual(commands, [MANAGE_TRUST_COMMAND], JSON.stringify(lenses.map((l) => l.command?.title)));
    assert.ok(lenses.some((l) => /^Docker: /.test(l.command?.title ?? '')), 'the verdict stays');
    await screenshot('restricted', '.codelens-decoration');
  });

  it('offers a quick fix that opens workspace trust, with no edit, where the rename would be', async () => {
    const file = path.join(certs(), Hosts.caAsCert, 'ca.cert');
    const actions = await quickFixes(file, await diagnosticWithCode(file, Codes.caAsCert));
    assert.ok(actions.length > 0 && actions.every((a) => !a.edit && a.command?.command === MANAGE_TRUST_COMMAND), describeActions(actions));
  });

  it('writes nothing when the generate command is run anyway', async () => {
    const hostPath = path.join(certs(), Hosts.noClientPair);
    const before = fs.readdirSync(hostPath).sort();
    const params: GenerateClientPairParams = { hostPath, baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'e2e', validityDays: 30, mode: 'self-signed' };
    await vscode.commands.executeCommand(Commands.generateClientPair, params);
    assert.deepEqual(fs.readdirSync(hostPath).sort(), before);
  });
});

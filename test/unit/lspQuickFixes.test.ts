/**
 * Quick fixes (lsp/codeActions.ts) for the diagnostics a workspace publishes, asked as the editor
 * asks: what each edit does to files (never over an existing one) and which command a fix runs.
 * Written against the mutants of codeActions.ts that the other suites let live (docs/mutation.md).
 */
import * as assert from 'node:assert/strict';
import type { CodeAction, Connection, Diagnostic } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { codeActions } from '../../server/src/lsp/codeActions';
import { DiagnosticsProvider } from '../../server/src/lsp/diagnostics';
import { toUri } from '../../server/src/lsp/paths';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { CommonPki, commonPki } from '../helpers/fixtures';
import { pkcs8Pem, rsaKey } from '../helpers/pki';
import { tempTrees, TreeSpec } from '../helpers/tree';

const NOW = new Date();

describe('quick fixes', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  function fixesFor(hosts: TreeSpec) {
    const t = tree({ etc: { docker: { 'certs.d': hosts } } });
    const ws = new CertsdWorkspace(nodeFileSystem, () => NOW, { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([t.base]);
    ws.checkAll();
    const diagnostics = new DiagnosticsProvider({} as Connection, ws).compute();
    const at = (...s: string[]) => t.path('etc', 'docker', 'certs.d', ...s);
    /** Every action offered for the diagnostics of a file with a code, each asked on its own. */
    const actions = (file: string, code: string): CodeAction[] => {
      const ds = (diagnostics.get(file) ?? []).filter((d: Diagnostic) => d.code === code);
      assert.ok(ds.length, `no ${code} on ${file}: ${JSON.stringify(diagnostics.get(file)?.map((d) => d.code))}`);
      return ds.flatMap((d) => codeActions(ws, { textDocument: { uri: toUri(file) }, range: d.range, context: { diagnostics: [d] } }));
    };
    return { at, actions, diagnostics };
  }

  const strip = (a: CodeAction) => ({ ...a, diagnostics: a.diagnostics?.map((d) => d.code) });

  it('renames a CA saved as .cert without overwriting, with the diagnostic it fixes', () => {
    const { at, actions } = fixesFor({ 'r.example.com': { 'ca.cert': pki.ca.pem } });
    assert.deepEqual(actions(at('r.example.com', 'ca.cert'), 'ca-as-cert').map(strip), [
      {
        title: 'Rename to ca.crt',
        kind: 'quickfix',
        diagnostics: ['ca-as-cert'],
        isPreferred: true,
        edit: { documentChanges: [{ kind: 'rename', oldUri: toUri(at('r.example.com', 'ca.cert')), newUri: toUri(at('r.example.com', 'ca.crt')), options: { overwrite: false, ignoreIfExists: false } }] },
      },
    ]);
  });

  it('converts a DER certificate by keeping the original under a new name, then creating the PEM file, never over a file', () => {
    const { at, actions } = fixesFor({ 'd.example.com': { 'ca.crt': pki.ca.der } });
    const [a, ...rest] = actions(at('d.example.com', 'ca.crt'), 'ca-unusable');
    assert.deepEqual(rest, []);
    assert.equal(a.title, 'Convert to PEM (keeps the original as ca.der)');
    assert.deepEqual(a.diagnostics?.map((d) => d.code), ['ca-unusable']);
    assert.equal(a.isPreferred, true);
    const crt = toUri(at('d.example.com', 'ca.crt'));
    const changes = a.edit?.documentChanges ?? [];
    assert.deepEqual(changes.slice(0, 2), [
      { kind: 'rename', oldUri: crt, newUri: toUri(at('d.example.com', 'ca.der')), options: { overwrite: false, ignoreIfExists: false } },
      { kind: 'create', uri: crt, options: { overwrite: false, ignoreIfExists: false } },
    ]);
    assert.equal(changes.length, 3);
    const text = changes[2] as { textDocument: { uri: string; version: null }; edits: { range: unknown; newText: string }[] };
    assert.deepEqual(text.textDocument, { uri: crt, version: null });
    assert.deepEqual(text.edits.map((e) => [e.range, e.newText]), [[{ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, pki.ca.pem]]);
  });

  it("offers Delete (preferred) and Move out on a registry's own key copied in, once each, as commands", () => {
    const { at, actions } = fixesFor({ 'k.example.com': { 'ca.crt': pki.ca.pem, 'server.key': pkcs8Pem(rsaKey(2048, 1)), 'server.crt': pki.server.pem } });
    const key = at('k.example.com', 'server.key');
    const got = actions(key, 'server-key');
    assert.deepEqual(
      got.map((a) => [a.title, a.kind, a.diagnostics?.map((d) => d.code), a.isPreferred, a.command?.title, a.command?.command, a.command?.arguments?.[0]?.path]),
      [
        ['Delete server.key', 'quickfix', ['server-key'], true, 'Delete server.key', 'certsd.deleteFile', key],
        ['Move server.key out of certs.d', 'quickfix', ['server-key'], undefined, 'Move server.key out of certs.d', 'certsd.moveOutOfCertsd', key],
      ],
    );
    assert.match(got[0].command?.arguments?.[0]?.why, /^server\.key is a private key the clients never need/);
    assert.deepEqual(Object.keys(got[1].command?.arguments?.[0] ?? {}), ['path']);
    assert.equal(got[0].edit, undefined, 'a deletion is a command the client confirms, not an edit');
  });
});

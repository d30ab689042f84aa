/**
 * Tests written against mutants of the LSP layer that the rest of the suite let live (issue 9):
 * each `describe` names the mutant it kills. The server runs in-process (helpers/lsp.ts), or the
 * workspace model alone where that is what is asked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, CodeActionRequest, Diagnostic, DidChangeWatchedFilesNotification, FileChangeType, FileEvent } from 'vscode-languageserver-protocol/node';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { toUri } from '../../server/src/lsp/paths';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { Commands, DEFAULT_SETTINGS, MoveToHostFolderArgs } from '../../server/src/protocol';
import { commonPki } from '../helpers/fixtures';
import { startTestServer, TestClient } from '../helpers/lsp';
import { tempTrees, TreeSpec } from '../helpers/tree';

const codesOf = (d: Diagnostic[] | undefined) => (d ?? []).map((x) => x.code);

describe('mutants of the LSP layer', () => {
  const tree = tempTrees();
  let client: TestClient | undefined;
  afterEach(() => {
    client?.dispose();
    client = undefined;
  });

  async function serve(spec: TreeSpec, options: Parameters<typeof startTestServer>[1] = {}): Promise<{ client: TestClient; at: (...p: string[]) => string }> {
    const t = tree(spec);
    ({ client } = await startTestServer(t.base, options));
    return { client, at: (...p) => t.path('etc', 'docker', 'certs.d', ...p) };
  }

  const deleted = (c: TestClient, ...paths: string[]) =>
    c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: paths.map((p): FileEvent => ({ uri: toUri(p), type: FileChangeType.Deleted })) });

  describe('a removed file loses its diagnostics (mutant: they are never cleared)', () => {
    async function start() {
      const { ca, client: clientPair } = await commonPki();
      return serve({
        etc: {
          docker: {
            'certs.d': {
              'reg.example.com': { 'ca.crt': ca.pem, 'client.cert': clientPair.pem },
              'gone.example.com:443': { 'ca.crt': ca.pem, 'extra.cert': ca.pem },
              'stray.crt': ca.pem,
            },
          },
        },
      });
    }

    it('clears a deleted file in a host folder, and re-checks the folder', async () => {
      const { client: c, at } = await start();
      const cert = at('reg.example.com', 'client.cert');
      assert.ok(codesOf(c.diagnostics.get(cert)).includes('missing-key'), JSON.stringify(c.diagnostics.get(cert)));
      fs.rmSync(cert);
      await deleted(c, cert);
      await c.waitForDiagnostics(cert, (d) => d.length === 0);
    });

    it('clears every file of a deleted host folder', async () => {
      const { client: c, at } = await start();
      const files = [at('gone.example.com:443', 'ca.crt'), at('gone.example.com:443', 'extra.cert')];
      for (const f of files) assert.ok(c.diagnostics.get(f)?.length, `${f} has diagnostics before`);
      fs.rmSync(at('gone.example.com:443'), { recursive: true });
      await deleted(c, at('gone.example.com:443'));
      for (const f of files) await c.waitForDiagnostics(f, (d) => d.length === 0);
    });

    it('clears a deleted file of the root itself', async () => {
      const { client: c, at } = await start();
      const stray = at('stray.crt');
      assert.ok(codesOf(c.diagnostics.get(stray)).includes('file-in-root'));
      fs.rmSync(stray);
      await deleted(c, stray);
      await c.waitForDiagnostics(stray, (d) => d.length === 0);
    });
  });

  describe('the move fix says when the root needs root (mutant: needsRoot never set)', () => {
    for (const writable of [true, false]) {
      it(`sets needsRoot to ${!writable} when the folder is ${writable ? '' : 'not '}writable`, async () => {
        const { ca } = await commonPki();
        const { client: c, at } = await serve(
          { etc: { docker: { 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem }, 'stray.crt': ca.pem } } } },
          { fs: { ...nodeFileSystem, canWrite: () => writable } },
        );
        const diagnostic = c.diagnostics.get(at('stray.crt'))?.find((d) => d.code === 'file-in-root');
        assert.ok(diagnostic);
        const actions = (await c.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri: toUri(at('stray.crt')) },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        })) as CodeAction[];
        const move = actions.find((a) => a.command?.command === Commands.moveToHostFolder);
        assert.ok(move, JSON.stringify(actions));
        const args = move.command!.arguments![0] as MoveToHostFolderArgs;
        assert.equal(args.needsRoot, !writable);
        assert.deepEqual(args.folders, [at('reg.example.com')]);
      });
    }
  });

  describe('a path belongs to the innermost root (mutant: the first or outer root chosen)', () => {
    it('finds the host folder of a root inside another, and re-checks that one on a change', async () => {
      const { ca } = await commonPki();
      const t = tree({
        outer: { 'certs.d': { 'outer.example.com': { 'ca.crt': ca.pem, 'certs.d': { 'inner.example.com': { 'ca.crt': ca.pem } } } } },
      });
      const outer = t.path('outer', 'certs.d');
      const inner = t.path('outer', 'certs.d', 'outer.example.com', 'certs.d');
      const innerCa = path.join(inner, 'inner.example.com', 'ca.crt');
      // Both orders: the answer must not depend on which root was found first.
      for (const [folders, extraRoots] of [[[t.base], [inner]], [[inner], [outer]]] as const) {
        const ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver', extraRoots: [...extraRoots] });
        ws.setFolders([...folders]);
        ws.checkAll();
        assert.deepEqual([...ws.roots.keys()].sort(), [inner, outer].sort());
        assert.equal(ws.rootOf(innerCa)?.root.path, inner);
        assert.equal(ws.hostOf(innerCa)?.host.dir.name, 'inner.example.com');
        assert.equal(ws.rootOf(path.join(outer, 'outer.example.com', 'ca.crt'))?.root.path, outer);

        fs.writeFileSync(innerCa, 'no longer a certificate\n');
        try {
          const u = ws.update([innerCa]);
          assert.ok(u.paths.has(innerCa));
          const findings = ws.hostOf(innerCa)!.host.findings;
          assert.ok(findings.some((f) => f.code === 'certsd/ca-unusable' && f.path === innerCa), JSON.stringify(findings.map((f) => f.code)));
        } finally {
          fs.writeFileSync(innerCa, ca.pem);
        }
      }
    });
  });
});


/**
 * The code actions for the `edit` and `create` fix kinds and the "Convert this folder to
 * hosts.toml" refactoring, on a workspace checked from a temp tree. The fixes are put on a finding
 * by the test (the rules that make them are another module's), then asked for as VS Code would.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, CodeActionKind, CreateFile, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Finding, Fix } from '../../server/src/core/findings';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { HostDir } from '../../server/src/core/tree';
import { codeActions, CodeActionOptions } from '../../server/src/lsp/codeActions';
import { DiagnosticData } from '../../server/src/lsp/diagnostics';
import { toUri } from '../../server/src/lsp/paths';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { CertsdSettings, Commands, DEFAULT_SETTINGS } from '../../server/src/protocol';
import { ecKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

/** The plain text edits of a TextDocumentEdit (the actions make no snippet edits). */
const textEdits = (e: TextDocumentEdit): TextEdit[] => e.edits.map((x) => {
  assert.ok('newText' in x, 'a snippet edit');
  return x;
});

const TOML = 'server = "https://reg.example.com"\n\n[host."https://mirror.example.com"]\n  capabilities = ["pull"]\n';

describe('code actions: text edits, new files, conversion to hosts.toml', () => {
  const tree = tempTrees();
  let base: string;
  let caPem: string;
  const at = (...p: string[]) => path.join(base, ...p);
  const containerdHost = (...p: string[]) => at('containerd', 'certs.d', ...p);

  beforeEach(async () => {
    caPem ??= (await selfSignedCa({ commonName: 'Actions CA', key: ecKey('P-256', 30) })).pem;
    base = tree({
      containerd: {
        'certs.d': {
          'toml.example.com': { 'hosts.toml': TOML, 'ca.crt': caPem },
          'loose.example.com': { 'ca.crt': caPem },
        },
      },
      containers: { 'certs.d': { 'podman.example.com': { 'ca.crt': caPem } } },
      docker: { 'certs.d': { 'docker.example.com': { 'ca.crt': caPem } } },
    }).base;
  });

  /** `canWrite`: what the file system port answers for every folder (tests run as root, who may write anywhere). */
  function workspace(settings: Partial<CertsdSettings> = {}, canWrite = (_dir: string) => true): CertsdWorkspace {
    const ws = new CertsdWorkspace({ ...nodeFileSystem, canWrite }, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver', ...settings });
    ws.setFolders([base]);
    ws.checkAll();
    return ws;
  }

  /** A finding with `fix` on `file`, added to its host folder's findings as a check would leave it. */
  function withFix(ws: CertsdWorkspace, file: string, fix: Fix): Diagnostic {
    const host = ws.hostOf(file)!.host;
    const finding: Finding = { code: 'test/fix', severity: 'information', path: file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, summary: 'x', message: 'x', fixes: [fix] };
    host.findings.push(finding);
    ws.rememberEditTargets(host.findings);
    return { range: finding.range, message: finding.message, code: finding.code, data: { path: file, code: finding.code } satisfies DiagnosticData };
  }

  function ask(ws: CertsdWorkspace, file: string, diagnostics: Diagnostic[] = [], options: CodeActionOptions = {}, only?: string[]): CodeAction[] {
    return codeActions(ws, { textDocument: { uri: toUri(file) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics, only } }, options);
  }

  describe('edit', () => {
    const addCa: Fix = {
      kind: 'edit',
      title: 'Add ca = "ca.crt" to hosts.toml',
      path: '',
      edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'ca = "ca.crt"\n' }],
    };

    it('edits the file as the fix says', () => {
      const ws = workspace();
      const file = containerdHost('toml.example.com', 'hosts.toml');
      const [action] = ask(ws, file, [withFix(ws, file, { ...addCa, path: file })]);
      assert.equal(action.title, 'Add ca = "ca.crt" to hosts.toml');
      assert.equal(action.kind, CodeActionKind.QuickFix);
      const [change] = action.edit!.documentChanges! as TextDocumentEdit[];
      assert.equal(change.textDocument.uri, toUri(file));
      assert.equal(change.textDocument.version, null);
      const after = TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'toml', 0, TOML), textEdits(change));
      assert.equal(after, 'server = "https://reg.example.com"\nca = "ca.crt"\n\n[host."https://mirror.example.com"]\n  capabilities = ["pull"]\n');
    });

    it("carries the open document's version, so the editor refuses it on another text", () => {
      const ws = workspace();
      const file = containerdHost('toml.example.com', 'hosts.toml');
      const [action] = ask(ws, file, [withFix(ws, file, { ...addCa, path: file })], { documentVersion: (uri) => (uri === toUri(file) ? 7 : undefined) });
      assert.equal((action.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, 7);
    });

    it('is not offered once the file no longer holds the text the finding was made on', () => {
      const ws = workspace();
      const file = containerdHost('toml.example.com', 'hosts.toml');
      const diagnostic = withFix(ws, file, { ...addCa, path: file });
      fs.appendFileSync(file, '# edited meanwhile\n');
      assert.deepEqual(ask(ws, file, [diagnostic]), []);
    });
  });

  describe('create', () => {
    const newToml = (file: string): Fix => ({ kind: 'create', title: 'Create hosts.toml', path: file, content: 'server = "https://loose.example.com"\n' });

    it('creates the file, failing rather than overwriting, then writes its content', () => {
      const ws = workspace();
      const loose = containerdHost('loose.example.com', 'ca.crt');
      const target = containerdHost('loose.example.com', 'hosts.toml');
      const [action] = ask(ws, loose, [withFix(ws, loose, newToml(target))]);
      const [create, write] = action.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
      assert.deepEqual(create, { kind: 'create', uri: toUri(target), options: { overwrite: false, ignoreIfExists: false } });
      assert.equal(write.textDocument.uri, toUri(target));
      assert.deepEqual(textEdits(write).map((e) => e.newText), ['server = "https://loose.example.com"\n']);
    });

    it('is not offered when the name is taken', () => {
      const ws = workspace();
      const file = containerdHost('toml.example.com', 'ca.crt');
      assert.deepEqual(ask(ws, file, [withFix(ws, file, newToml(containerdHost('toml.example.com', 'hosts.toml')))]), []);
    });

    it('copies a sudo command in a folder owned by root, and the command never overwrites', () => {
      const ws = workspace({}, () => false);
      const loose = containerdHost('loose.example.com', 'ca.crt');
      const target = containerdHost('loose.example.com', 'hosts.toml');
      const [action] = ask(ws, loose, [withFix(ws, loose, newToml(target))]);
      assert.equal(action.edit, undefined);
      assert.equal(action.command!.command, Commands.copyShellCommand);
      const script = (action.command!.arguments![0] as { command: string }).command.replace(/^sudo /, '');
      assert.equal(spawnSync('sh', ['-c', script]).status, 0);
      assert.equal(fs.readFileSync(target, 'utf8'), 'server = "https://loose.example.com"\n');
      fs.writeFileSync(target, 'mine\n');
      assert.notEqual(spawnSync('sh', ['-c', script]).status, 0);
      assert.equal(fs.readFileSync(target, 'utf8'), 'mine\n');
    });
  });

  describe('Convert this folder to hosts.toml', () => {
    const made: HostDir[] = [];
    const convert: CodeActionOptions['convert'] = (host) => {
      made.push(host);
      return { content: `# for ${host.name}\nca = "ca.crt"\n`, references: 1 };
    };
    const refactors = (actions: CodeAction[]) => actions.filter((a) => a.kind === CodeActionKind.RefactorRewrite);

    it('creates hosts.toml with what the conversion gives, in a containerd folder of loose files', () => {
      const ws = workspace();
      const [action] = refactors(ask(ws, containerdHost('loose.example.com', 'ca.crt'), [], { convert }));
      assert.equal(action.title, 'Convert this folder to hosts.toml');
      const target = containerdHost('loose.example.com', 'hosts.toml');
      const [create, write] = action.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
      assert.deepEqual(create.options, { overwrite: false, ignoreIfExists: false });
      assert.equal(create.uri, toUri(target));
      assert.equal(textEdits(write)[0].newText, '# for loose.example.com\nca = "ca.crt"\n');
      assert.equal(made[made.length - 1].path, containerdHost('loose.example.com'));
    });

    it('is not offered where a hosts.toml exists', () => {
      assert.deepEqual(refactors(ask(workspace(), containerdHost('toml.example.com', 'ca.crt'), [], { convert })), []);
    });

    it('is not offered when hosts.toml appeared since the check', () => {
      const ws = workspace();
      fs.writeFileSync(containerdHost('loose.example.com', 'hosts.toml'), '');
      assert.deepEqual(refactors(ask(ws, containerdHost('loose.example.com', 'ca.crt'), [], { convert })), []);
    });

    it('is not offered for Podman, nor for Docker with graph drivers, which never read hosts.toml', () => {
      const ws = workspace();
      assert.deepEqual(refactors(ask(ws, at('containers', 'certs.d', 'podman.example.com', 'ca.crt'), [], { convert })), []);
      assert.deepEqual(refactors(ask(ws, at('docker', 'certs.d', 'docker.example.com', 'ca.crt'), [], { convert })), []);
    });

    it("is offered for Docker's pulls with the containerd image store", () => {
      const ws = workspace({ dockerStore: 'containerd' });
      assert.equal(refactors(ask(ws, at('docker', 'certs.d', 'docker.example.com', 'ca.crt'), [], { convert })).length, 1);
    });

    it('is not offered when the conversion would name no file, nor when only quick fixes are asked for', () => {
      const ws = workspace();
      const file = containerdHost('loose.example.com', 'ca.crt');
      assert.deepEqual(refactors(ask(ws, file, [], { convert: () => ({ content: '', references: 0 }) })), []);
      assert.deepEqual(refactors(ask(ws, file, [], { convert }, [CodeActionKind.QuickFix])), []);
      assert.equal(refactors(ask(ws, file, [], { convert }, [CodeActionKind.Refactor])).length, 1);
    });
  });
});

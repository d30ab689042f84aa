/**
 * The guided generator and "New host folder..." as the user meets them: each question's title,
 * what the pickers offer and in which order, and what is asked of the server, with a scripted UI in
 * place of VS Code's QuickPick and InputBox.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { askClientPairSteps, freeBaseName, GeneratorDeps, newHostFolderLabel } from '../../client/src/generatorSteps';
import { askNewHostFolder, NewHostFolderDeps } from '../../client/src/newHostFolderSteps';
import { PickItem, StepUi } from '../../client/src/stepUi';
import type { HostFolderPlan, HostFolderVerdict } from '../../server/src/protocol';

interface Asked {
  kind: 'pick' | 'input' | 'confirm' | 'warn';
  title: string;
  text: string;
  labels: string[];
  /** input: what validate said of each text tried. */
  validation?: (string | undefined)[];
}

/** Answers: for a pick, the label (or a part of it) to choose; for an input, the texts typed (the last one is accepted); for confirm, yes/no. undefined = Escape. */
type Answer = string | string[] | boolean | undefined;

function scriptedUi(answers: Answer[]): { ui: StepUi; asked: Asked[] } {
  const asked: Asked[] = [];
  const nextAnswer = (q: Asked) => {
    if (answers.length === 0) assert.fail(`unexpected question: ${q.kind} "${q.title}" ${q.text}`);
    return answers.shift();
  };
  const ui: StepUi = {
    async pick<T>(o: { title: string; placeholder: string; items: PickItem<T>[] }) {
      const q: Asked = { kind: 'pick', title: o.title, text: o.placeholder, labels: o.items.map((i) => i.label) };
      asked.push(q);
      const a = nextAnswer(q);
      if (a === undefined) return undefined;
      const item = o.items.find((i) => i.label.includes(String(a)));
      assert.ok(item, `no item "${String(a)}" in ${q.labels.join(' | ')}`);
      return item.value;
    },
    async input(o) {
      const q: Asked = { kind: 'input', title: o.title, text: o.prompt, labels: [], validation: [] };
      asked.push(q);
      const a = nextAnswer(q);
      if (a === undefined) return undefined;
      const texts = Array.isArray(a) ? a : [String(a)];
      for (const t of texts) q.validation!.push(await o.validate(t));
      assert.equal(q.validation!.at(-1), undefined, 'the box accepts only a text that validates');
      return texts.at(-1);
    },
    async confirm(message, detail) {
      const q: Asked = { kind: 'confirm', title: message, text: detail, labels: [] };
      asked.push(q);
      return nextAnswer(q) === true;
    },
    warn(message) {
      asked.push({ kind: 'warn', title: message, text: '', labels: [] });
    },
  };
  return { ui, asked };
}

const ROOT = path.join(path.sep, 'ws', 'certs.d');

function host(name: string, clientPairs = 0): HostFolderVerdict {
  return { path: path.join(ROOT, name), name, root: ROOT, reference: name, verdict: `Docker: verdict of ${name}`, severity: 'ok', problems: 0, clientPairs, soonestExpiry: null };
}

function generatorDeps(ui: StepUi, o: { hosts?: HostFolderVerdict[]; taken?: string[]; newFolder?: string; activeFile?: string } = {}): GeneratorDeps {
  const taken = new Set(o.taken ?? []);
  return {
    ui,
    hosts: async () => o.hosts ?? [],
    newHostFolder: async () => o.newFolder,
    taken: (p) => taken.has(p),
    join: path.join,
    preferredAlgorithm: 'ecdsa-p256',
    defaultCommonName: 'alice@laptop',
    activeFile: o.activeFile,
  };
}

describe('guided generator', () => {
  it('asks four steps for a folder given by a lens, each title naming the folder', async () => {
    const { ui, asked } = scriptedUi(['P-256', 'Self-signed', 'alice', '90']);
    const params = await askClientPairSteps(generatorDeps(ui, { hosts: [host('reg.example.com:5000')] }), { hostPath: path.join(ROOT, 'reg.example.com:5000') });
    assert.deepEqual(asked.map((q) => q.title), [
      'Client certificate for reg.example.com:5000 (Step 1 of 4)',
      'Client certificate for reg.example.com:5000 (Step 2 of 4)',
      'Client certificate for reg.example.com:5000 (Step 3 of 4)',
      'Client certificate for reg.example.com:5000 (Step 4 of 4)',
    ]);
    assert.equal(asked[0].labels[0], 'ECDSA P-256', 'the preferred algorithm comes first');
    assert.deepEqual(params, { hostPath: path.join(ROOT, 'reg.example.com:5000'), baseName: 'client', algorithm: 'ecdsa-p256', commonName: 'alice', validityDays: 90, mode: 'self-signed' });
  });

  it('offers New host folder... first, then the folders sorted by name, marking those with a working pair', async () => {
    const { ui, asked } = scriptedUi([undefined]);
    const result = await askClientPairSteps(generatorDeps(ui, { hosts: [host('zeta.example.com'), host('alpha.example.com:5000', 1), host('mid.example.com')] }));
    assert.equal(result, undefined, 'Escape stops the generator');
    assert.equal(asked[0].title, 'Generate client key and certificate (Step 1 of 5)');
    assert.deepEqual(asked[0].labels, [newHostFolderLabel(), '$(key) alpha.example.com:5000', 'mid.example.com', 'zeta.example.com']);
  });

  it('asks before adding a second pair to a folder that has a working one, and names the new files', async () => {
    const reg = host('reg.example.com', 1);
    const taken = ['client.key', 'client.cert'].map((n) => path.join(reg.path, n));
    const { ui, asked } = scriptedUi(['reg.example.com', 'Add another pair', 'RSA 2048', 'CSR', 'bob']);
    const params = await askClientPairSteps(generatorDeps(ui, { hosts: [reg], taken }));
    assert.equal(asked[1].title, 'reg.example.com already has a working client certificate');
    assert.deepEqual(asked[1].labels, ['Add another pair: client-2.key and client-2.cert (or .csr)', 'Cancel']);
    // A CSR carries no validity: its step is not asked, and the count says so once the mode is known.
    assert.deepEqual(asked.slice(2).map((q) => q.title), [
      'Client certificate for reg.example.com (Step 2 of 5)',
      'Client certificate for reg.example.com (Step 3 of 5)',
      'Client certificate for reg.example.com (Step 4 of 4)',
    ]);
    assert.equal(params?.baseName, 'client-2');
    assert.equal(params?.mode, 'csr');
  });

  it('stops, writing nothing, when the user cancels adding a second pair', async () => {
    const reg = host('reg.example.com', 1);
    const { ui } = scriptedUi(['Cancel']);
    assert.equal(await askClientPairSteps(generatorDeps(ui, { hosts: [reg] }), { hostPath: reg.path }), undefined);
  });

  it('generates into the folder New host folder... created', async () => {
    const created = path.join(ROOT, 'new.example.com:5000');
    const { ui } = scriptedUi(['New host folder', 'Ed25519', 'Self-signed', 'carol', '30']);
    const params = await askClientPairSteps(generatorDeps(ui, { hosts: [host('reg.example.com')], newFolder: created }));
    assert.equal(params?.hostPath, created);
    assert.equal(params?.algorithm, 'ed25519');
  });

  it("takes the open file's host folder without asking", async () => {
    const reg = host('reg.example.com');
    const { ui, asked } = scriptedUi(['RSA 4096', 'Self-signed', 'dave', '365']);
    const params = await askClientPairSteps(generatorDeps(ui, { hosts: [reg, host('other.example.com')], activeFile: path.join(reg.path, 'ca.crt') }));
    assert.equal(params?.hostPath, reg.path);
    assert.equal(asked[0].title, 'Client certificate for reg.example.com (Step 1 of 4)');
  });

  it('refuses an empty common name and a validity out of range before accepting', async () => {
    const { ui, asked } = scriptedUi(['RSA 4096', 'Self-signed', ['  ', 'erin'], ['0', '36500000', '10']]);
    const params = await askClientPairSteps(generatorDeps(ui, { hosts: [host('reg.example.com')] }), { hostPath: path.join(ROOT, 'reg.example.com') });
    assert.equal(asked[2].validation?.[0], 'A common name is required');
    assert.ok(asked[3].validation?.[0] && asked[3].validation?.[1]);
    assert.equal(params?.validityDays, 10);
  });

  it('picks the first base name none of whose .key, .cert or .csr exists', () => {
    const taken = new Set(['/h/client.csr', '/h/client-2.key']);
    assert.equal(freeBaseName('/h', { taken: (p) => taken.has(p), join: path.posix.join }), 'client-3');
  });
});

describe('New host folder...', () => {
  function deps(ui: StepUi, o: { roots?: string[]; plans?: Record<string, HostFolderPlan>; createError?: string } = {}) {
    const planned: string[] = [];
    const created: string[] = [];
    const sudoCommands: (string | undefined)[] = [];
    const d: NewHostFolderDeps = {
      ui,
      roots: async () => (o.roots ?? [ROOT]).map((p) => ({ path: p, engine: 'Docker' })),
      plan: async (root, typed) => {
        planned.push(`${root}|${typed}`);
        return o.plans?.[typed] ?? { ok: false, message: `no plan for ${typed}` };
      },
      create: async (p, sudoCommand) => {
        created.push(p);
        sudoCommands.push(sudoCommand);
        return o.createError;
      },
    };
    return { d, planned, created, sudoCommands };
  }
  const ok = (name: string): HostFolderPlan => ({ ok: true, name, path: path.join(ROOT, name), sudoCommand: `sudo mkdir for ${name}` });

  it('shows why :443 is refused, then creates the folder only after the user confirms', async () => {
    const { ui, asked } = scriptedUi([['reg.example.com:443', 'reg.example.com'], true]);
    const { d, created } = deps(ui, { plans: { 'reg.example.com:443': { ok: false, message: 'Leave out :443 ...' }, 'reg.example.com': ok('reg.example.com') } });
    assert.equal(await askNewHostFolder(d), path.join(ROOT, 'reg.example.com'));
    assert.equal(asked[0].title, `New host folder in ${ROOT} (Step 1 of 1)`);
    assert.match(asked[0].text, /Leave out :443/);
    assert.deepEqual(asked[0].validation, ['Leave out :443 ...', undefined]);
    assert.equal(asked[1].kind, 'confirm');
    assert.equal(asked[1].title, 'Create the host folder reg.example.com?');
    assert.deepEqual(created, [path.join(ROOT, 'reg.example.com')]);
  });

  it('creates nothing when the user says no', async () => {
    const { ui } = scriptedUi(['reg.example.com', false]);
    const { d, created } = deps(ui, { plans: { 'reg.example.com': ok('reg.example.com') } });
    assert.equal(await askNewHostFolder(d), undefined);
    assert.deepEqual(created, []);
  });

  it('asks which certs.d folder when there are several, and says why creating failed', async () => {
    const other = path.join(path.sep, 'etc', 'docker', 'certs.d');
    const { ui, asked } = scriptedUi([other, 'reg.example.com', true]);
    const { d, planned, sudoCommands } = deps(ui, { roots: [ROOT, other], plans: { 'reg.example.com': ok('reg.example.com') }, createError: 'EACCES' });
    assert.equal(await askNewHostFolder(d), undefined);
    // The server's command for a folder the editor may not write goes to create, which offers it on EACCES.
    assert.deepEqual(sudoCommands, ['sudo mkdir for reg.example.com']);
    assert.equal(asked[0].title, 'New host folder (Step 1 of 2)');
    assert.equal(asked[1].title, `New host folder in ${other} (Step 2 of 2)`);
    assert.ok(planned.every((p) => p.startsWith(`${other}|`)));
    assert.match(asked.at(-1)!.title, /^Could not create .*EACCES/);
  });

  it('says what to do when no certs.d folder is checked', async () => {
    const { ui, asked } = scriptedUi([]);
    const { d } = deps(ui, { roots: [] });
    assert.equal(await askNewHostFolder(d), undefined);
    assert.equal(asked[0].kind, 'warn');
  });
});

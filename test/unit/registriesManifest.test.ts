/**
 * What package.json contributes for the Registries view and the walkthrough "Trust a private
 * registry", read against the sources: each command a menu, a view or a walkthrough step names is
 * contributed and registered, each step is completed by the command that does it, its media exists.
 * And the soonest-expiry words the view shows.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expiryText } from '../../client/src/expiryText';
import { useTranslator } from '../../client/src/l10nPort';
import { Commands, REGISTRIES_VIEW } from '../../server/src/protocol';

const REPO = path.join(__dirname, '..', '..');

interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    walkthroughs: { id: string; title: string; steps: { id: string; title: string; description: string; media: { markdown?: string }; completionEvents: string[] }[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
/** The English text of a manifest string: its %key% looked up in package.nls.json. */
const nls = JSON.parse(fs.readFileSync(path.join(REPO, 'package.nls.json'), 'utf8')) as Record<string, string>;
const english = (s: string) => (/^%[\w.-]+%$/.test(s) ? nls[s.slice(1, -1)] ?? s : s);
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const clientSources = fs.readdirSync(path.join(REPO, 'client', 'src')).map((f) => fs.readFileSync(path.join(REPO, 'client', 'src', f), 'utf8')).join('\n');
/** `Commands.x` names as registered by the client (registerCommand(Commands.x, ...)). */
const registered = new Set([...clientSources.matchAll(/registerCommand\(Commands\.(\w+)/g)].map((m) => (Commands as Record<string, string>)[m[1]]));

describe('Registries view and walkthrough in package.json', () => {
  it('puts the Registries view in the Explorer', () => {
    assert.deepEqual(manifest.contributes.views.explorer.filter((v) => v.id === REGISTRIES_VIEW).map((v) => english(v.name)), ['Registries']);
  });

  it("names only contributed commands that the extension registers in the view's menus and welcome", () => {
    const inMenus = Object.entries(manifest.contributes.menus)
      .filter(([where]) => where.startsWith('view/'))
      .flatMap(([, items]) => items.filter((i) => i.when?.includes(`view == ${REGISTRIES_VIEW}`)).map((i) => i.command));
    assert.ok(inMenus.length >= 4, inMenus.join(', '));
    const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === REGISTRIES_VIEW).flatMap((w) => [...english(w.contents).matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]));
    for (const c of [...inMenus, ...welcome]) {
      assert.ok(contributed.has(c), `${c} is not contributed`);
      assert.ok(registered.has(c) || c === Commands.generateClientPair || c === Commands.openDockerCertsDir, `${c} is not registered by the client`);
    }
  });

  it('offers Test connection in the view only in a trusted workspace and only on folders that name a registry', () => {
    const items = Object.values(manifest.contributes.menus).flat().filter((i) => i.command === Commands.testConnectionFromView);
    assert.ok(items.length > 0);
    for (const i of items) {
      if (i.when === 'false') continue;
      assert.match(i.when ?? '', /isWorkspaceTrusted/);
      assert.match(i.when ?? '', /viewItem == certsd\.host\.probeable/);
    }
  });

  it('walks through creating the host folder, adding the CA, a client certificate and testing, each step completed by its command', () => {
    const w = manifest.contributes.walkthroughs.find((x) => english(x.title) === 'Trust a private registry');
    assert.ok(w);
    assert.deepEqual(
      w.steps.map((s) => s.completionEvents),
      [[`onCommand:${Commands.newHostFolder}`], [`onCommand:${Commands.addCaFile}`], [`onCommand:${Commands.generateClientPair}`], [`onCommand:${Commands.testConnection}`]],
    );
    for (const s of w.steps) {
      const command = s.completionEvents[0].slice('onCommand:'.length);
      assert.ok(contributed.has(command), `${command} is not contributed`);
      assert.ok(english(s.description).includes(`(command:${command})`), `step ${s.id} offers no button for ${command}`);
      assert.ok(s.media.markdown && fs.existsSync(path.join(REPO, s.media.markdown)), `${s.media.markdown} is missing`);
    }
  });
});

describe('soonest expiry in the Registries view', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('says how long ahead or behind, in the words of the hovers', () => {
    assert.equal(expiryText('2026-03-24T12:00:00Z', now), 'expires in 23 days');
    assert.equal(expiryText('2026-03-02T12:00:00Z', now), 'expires in 1 day');
    assert.equal(expiryText('2026-03-01T18:00:00Z', now), 'expires in 6 hours');
    assert.equal(expiryText('2026-02-25T11:00:00Z', now), 'expired 4 days ago');
    assert.equal(expiryText('2031-02-01T12:00:00Z', now), 'expires in 4 years 11 months');
  });

  it('says it in the display language through the translator the extension plugs in', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(REPO, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    // As vscode.l10n.t does with the zh-cn bundle: the translation, placeholders filled.
    useTranslator((m, ...args) => (bundle[m] ?? m).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])));
    try {
      const text = expiryText('2031-02-01T12:00:00Z', now);
      assert.match(text, /\p{Script=Han}/u);
      assert.match(text, /4\D+11/);
      assert.doesNotMatch(text, /[A-Za-z]/);
    } finally {
      useTranslator((m, ...args) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])));
    }
  });
});

/**
 * Markdown injection: certificates whose SANs and subjects, PEM block types, host folder names and
 * hosts.toml values carry links, images, `command:` URIs and HTML. Every hover is rendered with a
 * real Markdown renderer (markdown-it with HTML and linkify on, more permissive than VS Code's) and
 * must hold no link, image or HTML tag built from the file; the text must still be shown as written.
 * Plain-text places (lens titles, outline names, diagnostics) must keep one line per name.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Hover, MarkupContent } from 'vscode-languageserver';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { mdCode, mdText, plainText } from '../../server/src/core/markdown';
import { codeLenses } from '../../server/src/lsp/codeLens';
import { DiagnosticsProvider } from '../../server/src/lsp/diagnostics';
import { hover } from '../../server/src/lsp/hover';
import { documentSymbols } from '../../server/src/lsp/symbols';
import { CertsdWorkspace } from '../../server/src/lsp/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { ecKey, selfSignedCa, serverCert } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';

// markdown-it comes with @vscode/vsce; it has no types of its own here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (o: object) => { render(s: string): string; linkify: { set(o: object): void } };
const md = new MarkdownIt({ html: true, linkify: true });
// GFM (VS Code's renderer) links bare `https://`, `www.` and e-mail addresses, not bare domains.
md.linkify.set({ fuzzyLink: false });

const COMMAND_LINK = '[a](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22id%5Cn%22%7D)';
const IMAGE = '![img](https:x.example)';
const HTML = '<img src=x onerror=alert(1)>';
const AUTOLINK = 'https://evil.example/p';
const HOSTILE_SANS = [COMMAND_LINK, IMAGE, HTML, AUTOLINK, 'www.evil.example', 'x.mail@evil.example', '*em*|cell|`tick`', '&lt;b&gt;'];
const FOLDER = '[f](command:workbench.action.reloadWindow)';

/** Tags our own hovers use; anything else in the rendered HTML came from a file. */
const OWN_TAGS = new Set(['p', 'strong', 'em', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'br', 'hr']);

function assertInert(h: Hover | null, where: string): string {
  assert.ok(h, `a hover ${where}`);
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  assert.equal((h as { isTrusted?: boolean }).isTrusted, undefined, 'a hover is never trusted');
  const html = md.render(c.value);
  for (const tag of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)) {
    assert.ok(OWN_TAGS.has(tag[1].toLowerCase()), `hover ${where} renders <${tag[1]}>:\n${c.value}\n---\n${html}`);
  }
  assert.doesNotMatch(html, /href=|src=\"/, `hover ${where} has a link or image:\n${html}`);
  // What is left is text: the hostile strings are shown as written, not dropped.
  return html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('hostile input: Markdown and HTML from files never become links, images or HTML', () => {
  const tree = tempTrees();
  let base: string;
  let ws: CertsdWorkspace;
  const hostDir = () => path.join(base, 'docker', 'certs.d', FOLDER);

  before(async function () {
    this.timeout(20_000);
    const ca = await selfSignedCa({ commonName: `CA ${COMMAND_LINK}`, key: ecKey('P-256', 41) });
    const leaf = await serverCert(ca, 'reg.example.com', { commonName: `*${IMAGE}*`, sans: HOSTILE_SANS, key: ecKey('P-256', 42) });
    const oddBlock = `-----BEGIN ${COMMAND_LINK}-----\nAAAA\n-----END ${COMMAND_LINK}-----\n`;
    const brokenBlock = `  -----BEGIN ${HTML}-----\n  AAAA\n  -----END ${HTML}-----\n`;
    base = tree({
      docker: { 'certs.d': { [FOLDER]: { 'ca.crt': ca.pem + leaf.pem + oddBlock + brokenBlock, [`${IMAGE}.crt`]: leaf.pem } } },
      containerd: {
        'certs.d': {
          'toml.example.com': {
            'hosts.toml': `server = "https://${HTML}"\n\n[host."https://m.example/${COMMAND_LINK}"]\n  ca = "${COMMAND_LINK}.crt"\n  capabilities = ["pull", "${IMAGE}"]\n`,
            [`${COMMAND_LINK}.crt`]: leaf.pem,
          },
          'valid.example.com': {
            'hosts.toml': `server = "https://reg.example/${HTML}"\n\n[host."https://m.example/${COMMAND_LINK}"]\n  ca = "${COMMAND_LINK}.crt"\n  client = [["${IMAGE}.cert", "${IMAGE}.key"]]\n`,
            [`${COMMAND_LINK}.crt`]: leaf.pem,
          },
        },
      },
    }).base;
    ws = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    ws.setFolders([base]);
    ws.checkAll();
  });

  it('escapes SANs, subjects, PEM types and the host folder name in certificate hovers', () => {
    const file = path.join(hostDir(), 'ca.crt');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    let seen = '';
    for (let line = 0; line < lines.length; line++) {
      const h = hover(ws, file, { line, character: 0 }, new Date());
      if (h) seen += assertInert(h, `on line ${line + 1} of ca.crt`);
    }
    for (const s of [COMMAND_LINK, IMAGE, HTML, AUTOLINK, FOLDER]) assert.ok(seen.includes(s), `the hovers show ${s} as text:\n${seen}`);
  });

  it('escapes the file name of a certificate in a host folder with a Markdown name', () => {
    const file = path.join(hostDir(), `${IMAGE}.crt`);
    assertInert(hover(ws, file, { line: 1, character: 0 }, new Date()), `in ${IMAGE}.crt`);
  });

  for (const folder of ['toml.example.com', 'valid.example.com'])
  it(`escapes hosts.toml values: server, host names, paths, capabilities (${folder})`, () => {
    const file = path.join(base, 'containerd', 'certs.d', folder, 'hosts.toml');
    const text = fs.readFileSync(file, 'utf8').split('\n');
    let count = 0;
    let seen = '';
    for (let line = 0; line < text.length; line++) {
      for (let character = 0; character < text[line].length; character += 3) {
        const h = hover(ws, file, { line, character }, new Date());
        if (h) (seen += assertInert(h, `at ${line + 1}:${character + 1} of hosts.toml`), count++);
      }
    }
    assert.ok(count > 10, `hovers found in hosts.toml: ${count}`);
    if (folder === 'valid.example.com') assert.ok(seen.includes(`Host 1 of 2`) && seen.includes(COMMAND_LINK) && seen.includes(HTML), seen);
  });

  it('keeps outline names and lens titles on one line, with control characters shown', () => {
    const file = path.join(hostDir(), 'ca.crt');
    for (const s of documentSymbols(ws, file)) assert.doesNotMatch(s.name, /[\u0000-\u001f\u007f]/, s.name);
    for (const l of codeLenses(ws, file)) assert.doesNotMatch(l.command?.title ?? '', /[\u0000-\u001f\u007f]/);
  });

  it('shows control characters in diagnostic messages instead of passing them on (a terminal escape in a file name)', async () => {
    const escName = 'e\u001b]0;pwned\u0007\u202e.cert';
    const dir = tree({ docker: { 'certs.d': { 'esc.example.com': { [escName]: 'not a certificate\n' } } } }).base;
    const w = new CertsdWorkspace(nodeFileSystem, () => new Date(), { ...DEFAULT_SETTINGS, dockerStore: 'graphdriver' });
    w.setFolders([dir]);
    w.checkAll();
    const sent: { message: string }[] = [];
    const connection = { sendDiagnostics: async (p: { diagnostics: { message: string }[] }) => void sent.push(...p.diagnostics) };
    await new DiagnosticsProvider(connection as never, w).publishAll();
    assert.ok(sent.length > 0, 'diagnostics for the folder');
    for (const d of sent) assert.doesNotMatch(d.message, /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/, d.message);
    assert.ok(sent.some((d) => d.message.includes('\\x1b]0;pwned')), JSON.stringify(sent));
  });

  it('mdText, mdCode and plainText: nothing of the input is Markdown or a control character', () => {
    for (const s of [...HOSTILE_SANS, 'a\nb\u001b]0;title\u0007', '``x`', '\u202eevil', '//evil.example', 'mailto:a@b.example', 'WWW.evil.example', '\\[x](y)']) {
      const text = assertInert({ contents: { kind: 'markdown', value: `x ${mdText(s)} y ${mdCode(s)}` } }, `for ${JSON.stringify(s)}`);
      assert.ok(text.includes(plainText(s)), `${JSON.stringify(s)} shown as ${JSON.stringify(text)}`);
      assert.doesNotMatch(plainText(s), /[\n\u001b\u0007\u202e]/);
    }
  });
});

/**
 * Names that are not UTF-8, and names and contents that try to drive the terminal. Go hands the
 * engines a name's bytes: `ca\xff.crt` is a CA file to Docker, and containerd quotes it as
 * "ca\xff.crt" (seen with the harness, containerd2 on a folder `bad\xff.example/ca\xff.crt`).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeControls, nameFromBytes, nameToBytes } from '../../server/src/core/fsNames';
import { goQuote } from '../../server/src/core/fsview';
import { main } from '../../server/src/cli/main';
import { defaultEnv } from '../../server/src/core/check';
import { runCheck, theFinding } from '../helpers/check';
import { commonPki, CommonPki } from '../helpers/fixtures';
import { selfSigned } from '../helpers/pki';
import { startTestServer } from '../helpers/lsp';
import { tempTrees } from '../helpers/tree';

const FF = Buffer.from([0xff]);

/** Runs the CLI in-process and returns stdout, stderr and the exit status. */
function cli(args: string[], isTTY = false): { out: string; err: string; status: number } {
  let out = '';
  let err = '';
  const status = main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), isTTY, env: {}, cwd: '/', checkEnv: defaultEnv });
  return { out, err, status };
}

describe('hostile names', () => {
  const tree = tempTrees();
  let pki: CommonPki;
  before(async () => {
    pki = await commonPki();
  });

  /** certs.d/<host>/<file> with raw bytes in the names, made with Buffer paths. */
  function rawTree(hostBytes: Buffer, fileBytes: Buffer, content: string) {
    const t = tree({ 'certs.d': {} });
    const hostDir = Buffer.concat([Buffer.from(t.path('certs.d') + '/'), hostBytes]);
    fs.mkdirSync(hostDir);
    fs.writeFileSync(Buffer.concat([hostDir, Buffer.from('/'), fileBytes]), content);
    return { root: t.path('certs.d'), host: nameFromBytes(hostBytes), file: nameFromBytes(fileBytes) };
  }

  describe('names that are not UTF-8', () => {

    it('reads ca\\xff.crt as the CA file it is, in a host folder whose name is not UTF-8 either', () => {
      const t = rawTree(Buffer.concat([Buffer.from('bad'), FF, Buffer.from('.example')]), Buffer.concat([Buffer.from('ca'), FF, Buffer.from('.crt')]), pki.ca.pem);
      for (const engine of ['docker', 'podman', 'containerd'] as const) {
        const r = runCheck(t.root, { engine });
        assert.equal(r.hosts.length, 1, engine);
        const load = r.hosts[0].load;
        assert.deepEqual([load.ok, load.caRoots, load.error], [true, 1, undefined], engine);
        assert.deepEqual(r.findings, [], engine);
      }
    });

    it("quotes the raw byte the way containerd's %q does", () => {
      const t = rawTree(Buffer.from('reg.example.com'), Buffer.concat([Buffer.from('ca'), FF, Buffer.from('.crt')]), 'not a certificate\n');
      const r = runCheck(t.root, { engine: 'containerd' });
      // containerd2 printed exactly this for such a file (harness run, Go 1.26.8).
      assert.equal(r.hosts[0].load.error, `unable to load CA cert "${t.root}/reg.example.com/ca\\xff.crt"`);
    });

    it('round-trips every byte string through a name', () => {
      const samples = [Buffer.from([0xff, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('é😀', 'utf8'), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0x80])];
      for (const b of samples) assert.deepEqual(nameToBytes(nameFromBytes(b)), b, b.toString('hex'));
      // A real surrogate pair (U+1F480) whose low half lies in U+DC80..U+DCFF stays one character.
      assert.equal(nameFromBytes(Buffer.from('\u{1f480}', 'utf8')), '\u{1f480}');
      assert.deepEqual(nameToBytes('\u{1f480}'), Buffer.from('\u{1f480}', 'utf8'));
    });

    it('shows the raw byte escaped in the text output, and percent-encoded in SARIF', () => {
      const t = rawTree(Buffer.from('reg.example.com'), Buffer.concat([Buffer.from('ca'), FF, Buffer.from('.crt')]), 'junk\n');
      const text = cli(['check', '--engine', 'containerd', t.root]).out;
      assert.ok(text.includes('ca\\xff.crt'), text);
      assert.ok(!/[\ud800-\udfff\ufffd]/u.test(text), text);
      const sarif = JSON.parse(cli(['check', '--engine', 'containerd', '--format', 'sarif', t.root]).out);
      const uris: string[] = sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri);
      assert.ok(uris.some((u) => u.endsWith('/reg.example.com/ca%FF.crt')), uris.join('\n'));
    });
  });

  it('the language server publishes diagnostics for a file whose name is not UTF-8, and for the rest', async () => {
    const t = rawTree(Buffer.from('reg.example.com'), Buffer.concat([Buffer.from('ca'), FF, Buffer.from('.crt')]), 'junk\n');
    fs.mkdirSync(path.join(t.root, 'other.example.com'));
    fs.writeFileSync(path.join(t.root, 'other.example.com', 'ca.cert'), pki.ca.pem);
    const { client } = await startTestServer(path.dirname(t.root), { now: () => new Date() });
    try {
      // The client keys diagnostics by toPath(uri): the URI's %FF is the raw byte again (U+DCFF, core/fsNames.ts).
      const raw = [...client.diagnostics.keys()].find((k) => k === path.join(t.root, 'reg.example.com', 'ca\udcff.crt'));
      assert.ok(raw, [...client.diagnostics.keys()].join('\n'));
      assert.ok(client.diagnostics.get(raw)!.some((d) => d.code === 'ca-unusable'));
      assert.ok(client.diagnostics.get(path.join(t.root, 'other.example.com', 'ca.cert'))?.some((d) => d.code === 'ca-as-cert'));
    } finally {
      client.dispose();
    }
  });

  describe("Go's %q", () => {
    it('matches what Go 1.26 prints', () => {
      // Each right-hand side is the output of fmt.Printf("%q\n", s) in Go 1.26.8 for the left-hand side.
      const cases: [string, string][] = [
        ['a\x07b\x08c\x0cd\x0be', '"a\\ab\\bc\\fd\\ve"'],
        ['ca\udcff.crt', '"ca\\xff.crt"'],
        ['\u0085x\u00a0y\u202ez\u2028', '"\\u0085x\\u00a0y\\u202ez\\u2028"'],
        ['\x1b[2J\x7f', '"\\x1b[2J\\x7f"'],
        ['é日本\u{1f600}', '"é日本😀"'],
        ['\ufeffbom', '"\\ufeffbom"'],
        ['tab\there"q\\', '"tab\\there\\"q\\\\"'],
      ];
      for (const [s, go] of cases) assert.equal(goQuote(s), go, JSON.stringify(s));
    });
  });

  describe('terminal injection', () => {
    const NAMES = ['\u001b]0;owned\u0007.crt', '\u001b[2J\u001b[H.crt', 'line\nFAKE.crt:1:1  error  injected line', '\u009b31m.crt', '\u202eevil.crt'];

    it('escapes control characters in file and folder names in the text output', () => {
      const hostName = 'reg\nFAKE.crt:1:1  error  injected line';
      const files: Record<string, string> = {};
      for (const n of NAMES) files[n] = 'not a certificate\n';
      const t = tree({ 'certs.d': { [hostName]: files } });
      for (const color of [false, true]) {
        const { out } = cli(['check', '--engine', 'containerd', t.path('certs.d')], color);
        // Colour codes are ours (ESC [ digits m); any other control character came from a name.
        const stripped = out.replace(/\u001b\[[0-9;]*m/g, '');
        assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(stripped), JSON.stringify(stripped));
        assert.ok(!out.split('\n').some((l) => l.startsWith('FAKE')), out);
        assert.ok(out.includes('\\x1b]0;owned\\x07.crt'), out);
        assert.ok(out.includes('reg\\nFAKE.crt'), out);
      }
    });

    it('keeps the JSON and SARIF outputs free of raw C1, DEL and bidi characters, with the same values', () => {
      const t = tree({ 'certs.d': { 'reg.example.com': { '\u009b2J\u007f\u202e.crt': 'x\n' } } });
      for (const format of ['json', 'sarif']) {
        const { out } = cli(['check', '--engine', 'docker', '--format', format, t.path('certs.d')]);
        assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(out), format);
        assert.ok(JSON.stringify(JSON.parse(out)).includes('\u009b2J\u007f\u202e.crt'), format);
      }
    });

    it('escapes a certificate subject with escape sequences in messages', async () => {
      const evil = await selfSigned({ commonName: 'evil\u001b]0;title\u0007\u001b[2J', sans: ['other.example.com'] });
      const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': evil.pem } } });
      const r = runCheck(t.path('certs.d'), { engine: 'docker' });
      theFinding(r, 'certsd/san-mismatch');
      const { out } = cli(['check', '--engine', 'docker', t.path('certs.d')]);
      assert.ok(out.includes('evil\\x1b]0;title\\x07\\x1b[2J'), out);
      assert.ok(!out.includes('\u001b]0;'), out);
    });

    it('escapes a path with control characters in an error on stderr', () => {
      const { err, status } = cli(['check', '/nonexistent/\u001b]0;owned\u0007']);
      assert.equal(status, 2);
      assert.ok(!err.includes('\u001b'), JSON.stringify(err));
      assert.ok(err.includes('\\x1b]0;owned\\x07'), err);
    });

    it('escapeControls leaves ordinary text alone', () => {
      assert.equal(escapeControls('reg.example.com:5000/ca.crt é 日本 😀'), 'reg.example.com:5000/ca.crt é 日本 😀');
      assert.equal(escapeControls('a\r\nb\tc\u0000'), 'a\\r\\nb\\tc\\x00');
      assert.equal(path.basename(escapeControls('/x/\u2028y')), '\\u2028y');
    });
  });
});

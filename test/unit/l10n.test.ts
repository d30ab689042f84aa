/**
 * Localisation: the bundles against the sources (every message translated, no stale entry, the
 * same placeholders), the manifest's %keys%, and the server helper switching to zh-cn and back.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { currentLocale, defaultL10nDir, fillMarker, localeFromEnv, normalizeLocale, setLocale, t } from '../../server/src/core/l10n';
import { probeVerdict } from '../../server/src/lsp/probe';
import { ProbeReport } from '../../server/src/core/probe/report';
import { allKeys, placeholders, REPO } from '../helpers/l10nKeys';
import { emptyResult } from '../../server/src/core/engines/result';
import { loadSummary } from '../../server/src/core/verdict';
import { checkTree, theFinding } from '../helpers/check';
import { commonPki, REGISTRY } from '../helpers/fixtures';
import { ecKey, selfSignedCa } from '../helpers/pki';
import { tempTrees } from '../helpers/tree';
import { meaningOf, probe } from '../../server/src/core/probe/probe';
import { HttpAnswer } from '../../server/src/core/probe/http';
import { findRelease } from '../../server/src/core/engines/releases';
import { makeProbePki, startTlsServer } from '../helpers/probeServers';
import { issuedBy, serverCert } from '../helpers/pki';

const readJson = (rel: string) => JSON.parse(fs.readFileSync(path.join(REPO, rel), 'utf8')) as Record<string, unknown>;
const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

describe('l10n bundles', () => {
  const { keys, problems } = allKeys();
  const bundle = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;

  it('finds the messages of server, core, CLI and client, each a literal', () => {
    assert.deepEqual(problems, []);
    // Sanity of the scanner itself: one message from each side.
    assert.ok(keys.get('Generate client key and certificate')?.some((w) => w.startsWith('server/src/lsp/codeLens.ts')));
    assert.ok(keys.get('Copy command')?.some((w) => w.startsWith('client/src/copyCommand.ts')));
    assert.ok(keys.get('{0} problems')?.some((w) => w.startsWith('server/src/cli/formatText.ts')));
    assert.ok(keys.size > 150, `${keys.size} messages`);
  });

  it('l10n/bundle.l10n.zh-cn.json translates every message the sources pass to t()', () => {
    const missing = [...keys.keys()].filter((k) => typeof bundle[k] !== 'string' || bundle[k].trim() === '');
    assert.deepEqual(missing.map((k) => `${JSON.stringify(k)} (${keys.get(k)!.join(', ')})`), []);
  });

  it('holds no message the sources no longer use', () => {
    assert.deepEqual(Object.keys(bundle).filter((k) => !keys.has(k)), []);
  });

  it('keeps every placeholder of each message, and no other', () => {
    const bad = Object.entries(bundle).filter(([k, v]) => placeholders(k).join() !== placeholders(v).join());
    assert.deepEqual(bad.map(([k, v]) => `${k} -> ${v}`), []);
  });

  it('is Chinese: every translation of a message with words holds Han characters', () => {
    const english = Object.entries(bundle).filter(([k, v]) => /[A-Za-z]{3,}/.test(k.replace(/\{\d\}|--[\w-]+|certsd|certs\.d/g, '')) && !hasHan(v));
    assert.deepEqual(english.map(([k]) => k), []);
  });
});

describe('package.json %keys%', () => {
  const manifest = readJson('package.json') as { contributes: Record<string, unknown>; capabilities: unknown; l10n?: string };
  const nls = readJson('package.nls.json') as Record<string, string>;
  const zh = readJson('package.nls.zh-cn.json') as Record<string, string>;

  /** Every string of the manifest at a key people read (titles, categories, descriptions, view names, welcome text). */
  function shown(node: unknown, at: string, out: [string, string][]): [string, string][] {
    if (Array.isArray(node)) node.forEach((n, i) => shown(n, `${at}[${i}]`, out));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string' && (/^(title|category|description|markdownDescription|contextualTitle)$/.test(k) || (k === 'name' && /\.views\./.test(at)) || (k === 'contents' && /viewsWelcome/.test(at)))) out.push([`${at}.${k}`, v]);
        else if (k === 'enumDescriptions' && Array.isArray(v)) v.forEach((d, i) => out.push([`${at}.${k}[${i}]`, String(d)]));
        else shown(v, `${at}.${k}`, out);
      }
    }
    return out;
  }
  const strings = shown(manifest.contributes, 'contributes', shown(manifest.capabilities, 'capabilities', []));

  it('has a %key% for every title, category and description it contributes', () => {
    assert.ok(strings.length > 25, `${strings.length} strings`);
    assert.deepEqual(strings.filter(([, v]) => !/^%[\w.-]+%$/.test(v)), []);
    assert.equal(manifest.l10n, './l10n');
  });

  it('every key is in package.nls.json and package.nls.zh-cn.json, and the two have the same keys', () => {
    const used = strings.map(([, v]) => v.slice(1, -1));
    assert.deepEqual(used.filter((k) => typeof nls[k] !== 'string'), []);
    assert.deepEqual(Object.keys(nls).sort(), Object.keys(zh).sort());
    assert.deepEqual(Object.keys(nls).filter((k) => !used.includes(k)), [], 'package.nls.json holds keys nothing uses');
    // Names only (the product, the engines' list) read the same in Chinese.
    const names = new Set(['category', 'configuration.title', 'configuration.engine.enumDescriptions.podman']);
    assert.deepEqual(Object.entries(zh).filter(([k, v]) => v.trim() === '' || (!names.has(k) && !hasHan(v))).map(([k]) => k), []);
  });
});

describe('core/l10n t() and setLocale', () => {
  afterEach(() => setLocale('en'));

  it('translates to zh-cn, fills the arguments, and switches back to English', () => {
    assert.equal(setLocale('zh-cn'), 'zh-cn');
    assert.equal(t('Generate client key and certificate'), '生成客户端私钥和证书');
    assert.equal(t('{0} errors', 3), '3 个错误');
    assert.equal(currentLocale(), 'zh-cn');
    setLocale('en');
    assert.equal(t('Generate client key and certificate'), 'Generate client key and certificate');
    assert.equal(t('{0} errors', 3), '3 errors');
  });

  it('puts no space after an argument that ends in full-width punctuation, and keeps the others', () => {
    setLocale('zh-cn');
    const msg = '{0} refuses the whole folder {1} because of {2}, so this file is not used either: "{3}"';
    assert.equal(t(msg, t('Docker (pulls and pushes)'), 'reg:5000', 'ca.crt', 'x'), 'Docker（拉取和推送）因 ca.crt 拒绝了整个目录 reg:5000，因此此文件也不会被使用："x"');
    assert.equal(t(msg, 'containerd', 'reg:5000', 'ca.crt', 'x'), 'containerd 因 ca.crt 拒绝了整个目录 reg:5000，因此此文件也不会被使用："x"');
    // a bare ASCII parenthesis (a file name, an engine's words) keeps its space
    assert.equal(t(msg, 'Podman (user alice)', 'r', 'a.crt', 'y'), 'Podman (user alice) 因 a.crt 拒绝了整个目录 r，因此此文件也不会被使用："y"');
    assert.equal(t('{0} errors', 3), '3 个错误');
    setLocale('en');
    assert.equal(t(msg, 'Docker (pulls and pushes)', 'r', 'a.crt', 'y'), 'Docker (pulls and pushes) refuses the whole folder r because of a.crt, so this file is not used either: "y"');
  });

  it('fillMarker drops the space after a value that ends in full-width punctuation, only there', () => {
    const m = '\u0000who\u0000';
    assert.equal(fillMarker(`${m} 拒绝了；${m} 忽略`, m, 'Docker（拉取和推送）'), 'Docker（拉取和推送）拒绝了；Docker（拉取和推送）忽略');
    assert.equal(fillMarker(`${m} 拒绝了；${m} 忽略`, m, 'containerd'), 'containerd 拒绝了；containerd 忽略');
    assert.equal(fillMarker(`${m}  two spaces, ${m}x`, m, 'A）'), 'A） two spaces, A）x');
    assert.equal(fillMarker('no marker ', m, 'A）'), 'no marker ');
  });

  it('falls back to English for a message the bundle does not have', () => {
    setLocale('zh-cn');
    assert.equal(t('A message nobody translated: {0}', 'reg:5000'), 'A message nobody translated: reg:5000');
  });

  it('falls back to English when the bundle is missing or broken, or the locale has none', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-l10n-'));
    try {
      assert.equal(setLocale('zh-cn', dir), 'en');
      fs.writeFileSync(path.join(dir, 'bundle.l10n.zh-cn.json'), '{ not json');
      assert.equal(setLocale('zh-cn', dir), 'en');
      fs.writeFileSync(path.join(dir, 'bundle.l10n.zh-cn.json'), JSON.stringify({ 'Test connection': '连接测试（临时）' }));
      assert.equal(setLocale('zh-CN', dir), 'zh-cn');
      assert.equal(t('Test connection'), '连接测试（临时）');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(setLocale('fr'), 'en');
    assert.equal(t('Test connection'), 'Test connection');
  });

  it('reads locales as VS Code, browsers and POSIX write them; Traditional Chinese is not Simplified', () => {
    for (const s of ['zh-cn', 'zh-CN', 'zh_CN.UTF-8', 'zh_CN.utf8@pinyin', 'zh-Hans', 'zh-Hans-CN', 'zh', 'zh_SG']) assert.equal(normalizeLocale(s), 'zh-cn', s);
    for (const s of ['en', 'en-US', 'en_GB.UTF-8', 'C', 'POSIX', 'C.UTF-8']) assert.equal(normalizeLocale(s), 'en', s);
    for (const s of ['zh-tw', 'zh_TW.UTF-8', 'zh-Hant', 'zh-HK', 'fr_FR.UTF-8', '', undefined]) assert.equal(normalizeLocale(s), undefined, String(s));
    assert.equal(localeFromEnv({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }), 'zh_CN.UTF-8');
    assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8', LC_ALL: 'C' }), 'C');
    assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: '' }), 'zh_CN.UTF-8');
    assert.equal(localeFromEnv({}), undefined);
  });

  it('finds the bundle folder of the repository by default', () => {
    assert.equal(defaultL10nDir(), path.join(REPO, 'l10n'));
  });

  it("quotes Go's error verbatim in English inside a Chinese verdict", () => {
    setLocale('zh-cn');
    const go = 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    const report = { ok: false, engine: 'docker@29', loader: 'moby', host: 'reg.example.com:5000', error: go, millis: 12 } as unknown as ProbeReport;
    const verdict = probeVerdict(report);
    assert.ok(verdict.includes(go), verdict);
    assert.ok(verdict.includes('无法使用镜像仓库'), verdict);
  });

  it("says a folder's verdict in Chinese, with the engine's error still in English", () => {
    setLocale('zh-cn');
    const works = { ...emptyResult('docker'), systemRoots: true, caRoots: 2, ignoredCaFiles: 1, clientPairs: 1 };
    assert.equal(loadSummary(works), '2 个 CA 根证书 + 系统根证书（忽略了 1 个 .crt 文件）, 1 个客户端证书');
    const error = 'missing key client.key for client certificate client.cert. CA certificates should use the extension .crt';
    assert.equal(loadSummary({ ...emptyResult('docker'), ok: false, error }), `失败 - ${error}`);
    setLocale('en');
    assert.equal(loadSummary(works), '2 CA roots + system roots (1 .crt file ignored), 1 client certificate');
  });
});

describe('long finding messages in zh-cn', () => {
  const makeTree = tempTrees();
  afterEach(() => setLocale('en'));

  it("gives missing-key's message in Chinese, with Docker's error quoted verbatim in English", async () => {
    const pki = await commonPki();
    const docker = 'missing key client.key for client certificate client.cert. CA certificates must use the extension .crt';
    setLocale('zh-cn');
    const zh = checkTree(makeTree, { [REGISTRY]: { 'client.cert': pki.client.pem } }, 'docker');
    const message = theFinding(zh.report, 'certsd/missing-key', zh.file('client.cert')).message;
    assert.ok(hasHan(message), message);
    assert.ok(message.includes(`"${docker}"`), message);
    assert.ok(!message.includes('Put the private key for'), message);
    setLocale('en');
    const en = checkTree(makeTree, { [REGISTRY]: { 'client.cert': pki.client.pem } }, 'docker');
    const english = theFinding(en.report, 'certsd/missing-key', en.file('client.cert')).message;
    assert.ok(!hasHan(english), english);
    assert.ok(english.includes('Put the private key for client.cert beside it as client.key'), english);
  });

  it("gives expired's message in Chinese, the time in Chinese units and Go's error in English", async () => {
    const notAfter = new Date('2031-01-01T00:00:00Z');
    const ca = await selfSignedCa({ commonName: 'Dated CA', key: ecKey(), notBefore: new Date('2030-01-01T00:00:00Z'), notAfter });
    setLocale('zh-cn');
    const r = checkTree(makeTree, { [REGISTRY]: { 'ca.crt': ca.pem } }, 'docker', { now: new Date(notAfter.getTime() + 5 * 86_400_000) });
    const message = theFinding(r.report, 'certsd/expired', r.file('ca.crt')).message;
    assert.ok(hasHan(message), message);
    assert.ok(message.includes('"x509: certificate has expired or is not yet valid"'), message);
    assert.ok(message.includes('5 天'), message);
    assert.ok(message.includes('"Dated CA"'), message);
  });
});

describe("the connection test's advice in zh-cn", function () {
  this.timeout(60_000);
  afterEach(() => setLocale('en'));

  it("says what each HTTP answer means in Chinese and in English (the nginx body text matched in English)", () => {
    const answer = (status: number, statusText = '', body = ''): HttpAnswer => ({ status, statusText, headers: {}, body });
    const cases: [HttpAnswer, string, string][] = [
      [answer(200), 'a registry answered (no login needed for /v2/)', '镜像仓库已应答（/v2/ 无需登录）'],
      [answer(401), 'a registry answered (it wants a login, which is normal)', '镜像仓库已应答（要求登录，这是正常的）'],
      [answer(400, 'Bad Request', '<center>No required SSL certificate was sent</center>'), 'nginx: no client certificate was sent', 'nginx：未发送客户端证书'],
      [answer(400, 'Bad Request', '<center>The SSL certificate error</center>'), 'nginx: the client certificate was refused', 'nginx：客户端证书被拒绝'],
      [answer(404), 'something answered, but it does not serve the registry API at /v2/', '有服务应答了，但它没有在 /v2/ 提供镜像仓库 API'],
      [answer(502, 'Bad Gateway'), 'the server answered 502 Bad Gateway', '服务器应答 502 Bad Gateway'],
      [answer(400), 'the server answered 400', '服务器应答 400'],
    ];
    for (const [a, en, zh] of cases) {
      setLocale('en');
      assert.equal(meaningOf(a), en);
      setLocale('zh-cn');
      assert.equal(meaningOf(a), zh);
    }
  });

  it("gives the unknown-authority advice in Chinese, with Go's English error and the CA's name verbatim", async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-l10n-probe-'));
    const pki = await makeProbePki();
    // The folder holds a CA named as the server's issuer but with another key (a CA regenerated):
    // Go refuses with unknown authority, and its hint says why the same-name CA does not verify.
    const impostor = await issuedBy(pki.root, { commonName: 'Probe Intermediate CA', ca: true, key: ecKey('P-256', 99) });
    const server = await startTlsServer({ chain: [await serverCert(pki.intermediate, 'zh.probe.test', { key: pki.serverKey })], key: pki.serverKey });
    try {
      const root = path.join(base, 'certs.d');
      fs.mkdirSync(path.join(root, 'zh.probe.test'), { recursive: true });
      fs.writeFileSync(path.join(root, 'zh.probe.test', 'ca.crt'), impostor.pem);
      fs.writeFileSync(path.join(base, 'system.pem'), '');
      fs.mkdirSync(path.join(base, 'system.d'));
      const env = { SSL_CERT_FILE: path.join(base, 'system.pem'), SSL_CERT_DIR: path.join(base, 'system.d') };
      const run = () =>
        probe({ host: 'zh.probe.test', engine: 'containerd', release: findRelease('containerd', '2')!, roots: [root], connectTo: `127.0.0.1:${server.port}`, env, timeoutMs: 5000 });
      setLocale('zh-cn');
      const zh = await run();
      const go = 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
      assert.ok(zh.error?.startsWith(go), zh.error ?? 'no error');
      const a = zh.advice.find((x) => x.code === 'ca-mismatch');
      assert.ok(a, JSON.stringify(zh.advice));
      assert.ok(hasHan(a.message), a.message);
      assert.ok(a.message.includes('服务器证书声称由“CN=Probe Intermediate CA”签发'), a.message);
      assert.ok(/Go：x509: [A-Za-z]/.test(a.message), a.message);
      assert.ok(a.message.includes(path.join(root, 'zh.probe.test', 'ca.crt')), a.message);
      assert.ok(!a.message.includes('issued by'), a.message);
      setLocale('en');
      const en = await run();
      const english = en.advice.find((x) => x.code === 'ca-mismatch')!.message;
      assert.ok(!hasHan(english), english);
      assert.ok(english.startsWith('The server\'s certificate says it was issued by "CN=Probe Intermediate CA", and the folder has a CA of that name'), english);
    } finally {
      await server.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

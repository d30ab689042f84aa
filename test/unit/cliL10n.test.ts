/** `certsd` in Chinese: LC_ALL > LC_MESSAGES > LANG, or --lang; the engines' own errors stay English. */
import * as assert from 'node:assert/strict';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { setLocale } from '../../server/src/core/l10n';
import { probeMain } from '../../server/src/cli/probe';
import { runCli } from '../helpers/cli';
import { clientCert, pkcs8Pem, selfSignedCa } from '../helpers/pki';
import { file, tempTrees } from '../helpers/tree';

const ZH = { LANG: 'zh_CN.UTF-8' };

describe('certsd in the language of the environment', () => {
  const tree = tempTrees();
  after(() => setLocale('en'));

  it('prints the short usage in Chinese with LANG=zh_CN.UTF-8, and in English again without', () => {
    const zh = runCli([], { env: ZH });
    assert.equal(zh.code, 2);
    assert.match(zh.stderr, /^用法：certsd check/);
    assert.match(runCli([], { env: {} }).stderr, /^Usage: certsd check/);
  });

  it('takes LC_ALL over LC_MESSAGES over LANG, and --lang over all of them', () => {
    assert.match(runCli([], { env: { LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' } }).stderr, /^用法/);
    assert.match(runCli([], { env: { ...ZH, LC_ALL: 'C.UTF-8' } }).stderr, /^Usage:/);
    assert.match(runCli(['--lang', 'en'], { env: ZH }).stderr, /^Usage:/);
    assert.match(runCli(['--lang=zh-cn'], { env: {} }).stderr, /^用法/);
    const help = runCli(['--help', '--lang', 'zh-cn'], { env: {} });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--lang en\|zh-cn +消息语言/);
  });

  it('refuses an unknown --lang in two lines: what is wrong, then the usage', () => {
    for (const args of [['--lang', 'fr'], ['check', '--lang=zh'], ['--lang']]) {
      const r = runCli(args, { env: {} });
      assert.equal(r.code, 2, args.join(' '));
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0], /^certsd: --lang (must be one of en, zh-cn, not "(fr|zh)"|needs a value \(en, zh-cn\))$/);
      assert.match(lines[1], /^Usage: /);
    }
  });

  it('says usage errors in Chinese', () => {
    const r = runCli(['check', '--fromat', 'json'], { env: ZH });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^certsd: 未知选项 --fromat：您是否想用 --format？\n用法：certsd check/);
  });

  it('writes the summary line in Chinese, and the engine error verbatim in English', async () => {
    const ca = await selfSignedCa({ commonName: 'Registry CA' });
    const c = await clientCert(ca, { commonName: 'client' });
    const t = tree({ 'certs.d': { 'reg.example.com': { 'ca.crt': ca.pem, 'client.cert': c.pem }, 'ok.example.com': { 'ca.crt': ca.pem, 'client.cert': c.pem, 'client.key': file(pkcs8Pem(c.key), 0o600) } } });
    const io = { env: ZH, checkEnv: { fs: nodeFileSystem, now: () => new Date() } };
    const text = runCli(['check', t.path('certs.d'), '--engine', 'docker@28'], io);
    assert.equal(text.code, 1, text.stderr);
    const last = text.stdout.trimEnd().split('\n').at(-1)!;
    assert.match(last, /^✖ \d+ 个问题（\d+ 个错误，\d+ 个警告，\d+ 条提示），涉及 2 个主机目录中的 1 个$/);
    const json = JSON.parse(runCli(['check', t.path('certs.d'), '--engine', 'docker@28', '--format', 'json'], io).stdout) as { hosts: { name: string; load: { error?: string } }[] };
    const broken = json.hosts.find((h) => h.name === 'reg.example.com');
    assert.match(broken?.load.error ?? '', /^missing key client\.key for client certificate client\.cert/);
  });

  it('prints certsd probe --help in Chinese', async () => {
    let out = '';
    const code = await probeMain(['--help'], { stdout: (s) => (out += s), stderr: () => undefined, isTTY: false, env: ZH, cwd: '/', checkEnv: { fs: nodeFileSystem, now: () => new Date() } });
    assert.equal(code, 0);
    assert.match(out, /^用法：certsd probe HOST\[:PORT\]/);
  });
});

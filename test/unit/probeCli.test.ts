import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultEnv } from '../../server/src/core/check';
import { probeMain, ProbeIo } from '../../server/src/cli/probe';
import { makeProbePki, ProbePki, startTlsServer, TestServer } from '../helpers/probeServers';
import { serverCert } from '../helpers/pki';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  asked: string[];
}

async function cli(args: string[], env: NodeJS.ProcessEnv, answer?: boolean, isTTY = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const io: ProbeIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY,
    env,
    cwd: process.cwd(),
    checkEnv: defaultEnv,
    ...(answer === undefined
      ? {}
      : {
          confirm: async (q: string) => {
            asked.push(q);
            return answer;
          },
        }),
  };
  const code = await probeMain(args, io);
  return { code, stdout, stderr, asked };
}

describe('certsd probe (CLI)', function () {
  this.timeout(60_000);
  let base: string;
  let root: string;
  let env: NodeJS.ProcessEnv;
  let pki: ProbePki;
  let server: TestServer;

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-probe-cli-'));
    root = path.join(base, 'containerd', 'certs.d');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(base, 'system.pem'), '');
    fs.mkdirSync(path.join(base, 'system.d'));
    env = { SSL_CERT_FILE: path.join(base, 'system.pem'), SSL_CERT_DIR: path.join(base, 'system.d') };
    pki = await makeProbePki();
    // One server for every name: its certificate names both hosts used below, and it omits its intermediate.
    const leaf = await serverCert(pki.intermediate, 'cli.probe.test', { key: pki.serverKey, sans: ['cli.probe.test', 'gap.probe.test'] });
    server = await startTlsServer({ chain: [leaf], key: pki.serverKey });
  });
  after(async () => {
    await server.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  const folder = (name: string, files: Record<string, string>) => {
    fs.mkdirSync(path.join(root, name), { recursive: true });
    for (const [n, c] of Object.entries(files)) fs.writeFileSync(path.join(root, name, n), c);
  };

  it('exits 0 when the registry answers, and prints the JSON contract; the engine comes from --root', async () => {
    folder('cli.probe.test', { 'ca.crt': pki.intermediate.pem });
    const r = await cli(['cli.probe.test', '--root', root, '--connect-to', `127.0.0.1:${server.port}`, '--format', 'json'], env);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { host: string; ok: boolean; error: null; engine: string; http: { status: number }; clientCertificate: null; advice: unknown[]; tls: { chain: unknown[] } };
    assert.equal(j.host, 'cli.probe.test');
    assert.equal(j.ok, true);
    assert.equal(j.error, null);
    assert.equal(j.engine, 'containerd@2');
    assert.equal(j.http.status, 401);
    assert.equal(j.clientCertificate, null);
    assert.equal(j.tls.chain.length, 1);
  });

  it('exits 1 and says it in Go\'s words, with advice, in text', async () => {
    folder('gap.probe.test', { 'ca.crt': pki.root.pem, 'chain.pem': pki.intermediate.pem });
    const r = await cli(['gap.probe.test', '--root', root, '--connect-to', `127.0.0.1:${server.port}`, '--no-color'], env);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAILED: tls: failed to verify certificate: x509: certificate signed by unknown authority/);
    assert.match(r.stdout, /advice:\n- The server sent only its own certificate, issued by "CN=Probe Intermediate CA"/);
    assert.doesNotMatch(r.stdout, /PRIVATE KEY/);
  });

  it('adds the missing intermediate to ca.crt only after a yes, then the probe passes', async () => {
    const args = ['gap.probe.test', '--root', root, '--connect-to', `127.0.0.1:${server.port}`, '--add-missing-ca'];
    const caPath = path.join(root, 'gap.probe.test', 'ca.crt');
    const no = await cli(args, env, false);
    assert.equal(no.asked.length, 1);
    assert.match(no.stderr, /subject: CN=Probe Intermediate CA\n {2}SHA-256: [0-9a-f]{64}\n/);
    assert.equal(fs.readFileSync(caPath, 'utf8'), pki.root.pem, 'no: nothing written');
    const noTerminal = await cli(args, env);
    assert.match(noTerminal.stderr, /nothing written \(add --yes/);
    const yes = await cli([...args, '--yes'], env);
    assert.equal(yes.asked.length, 0);
    assert.match(yes.stderr, /appended to /);
    assert.equal(fs.readFileSync(caPath, 'utf8'), pki.root.pem + pki.intermediate.pem);
    const again = await cli(['gap.probe.test', '--root', root, '--connect-to', `127.0.0.1:${server.port}`], env);
    assert.equal(again.code, 0, again.stdout);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await cli([], env)).code, 2);
    assert.equal((await cli(['a.test', '--timeout', '0'], env)).code, 2);
    assert.equal((await cli(['a.test', '--engine', 'rkt'], env)).code, 2);
    assert.equal((await cli(['a.test', '--connect-to', 'x'], env)).code, 2);
    assert.equal((await cli(['a.test', '--yes'], env)).code, 2);
  });
  const USAGE = 'Usage: certsd probe HOST[:PORT] [--root CERTS_D] [--format text|json] [options] (certsd probe --help)\n';
  it('says what is wrong with the arguments, then the short usage, on stderr', async () => {
    const cases: [string[], string][] = [
      [[], 'certsd probe needs the registry HOST[:PORT] to connect to'],
      [['a.test', 'b.test'], 'certsd probe takes one HOST[:PORT], not 2'],
      [['a.test', '--timeout', '0'], '--timeout must be a number of seconds from 0 to 600, not "0"'],
      [['a.test', '--timeout', '601'], '--timeout must be a number of seconds from 0 to 600, not "601"'],
      [['a.test', '--timeout', 'abc'], '--timeout must be a number of seconds from 0 to 600, not "abc"'],
      [['a.test', '--format', 'xml'], '--format must be text or json, not "xml"'],
      [['a.test', '--yes'], '--yes only goes with --add-missing-ca'],
      [['a.test', '--lang', 'xx'], '--lang must be one of en, zh-cn, not "xx"'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, env);
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `certsd: ${message}\n${USAGE}`], args.join(' '));
    }
    // A connect-to address the probe refuses: its message alone.
    const to = await cli(['a.test', '--connect-to', 'x'], env);
    assert.deepEqual([to.code, to.stdout, to.stderr], [2, '', 'certsd: --connect-to must be ADDR:PORT (e.g. 127.0.0.1:5443), not "x"\n']);
  });

  it('prints its help on stdout with the default timeout of 10 seconds, and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([flag], env);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      assert.ok(r.stdout.startsWith('Usage: certsd probe HOST[:PORT] [options]\n'), r.stdout);
      assert.match(r.stdout, /--timeout SECONDS {2,}for the connection, the TLS handshake and the answer \(default: 10\)\n/);
      assert.match(r.stdout, /Exit status: 0 the registry answered, 1 it did not, 2 usage error\.\n$/);
    }
  });

  /** Nothing listens on port 1 of the loopback: the probe fails at once. */
  const refused = ['nothing.probe.test', '--connect-to', '127.0.0.1:1'];
  it('colours its text on a terminal only, not with --no-color, NO_COLOR or TERM=dumb', async () => {
    const ESC = '\x1b[';
    const tty = await cli([...refused, '--root', root], env, undefined, true);
    assert.equal(tty.code, 1);
    assert.ok(tty.stdout.includes(`${ESC}31m`), tty.stdout);
    const plain = [
      await cli([...refused, '--root', root], env),
      await cli([...refused, '--root', root, '--no-color'], env, undefined, true),
      await cli([...refused, '--root', root], { ...env, NO_COLOR: '1' }, undefined, true),
      await cli([...refused, '--root', root], { ...env, TERM: 'dumb' }, undefined, true),
    ];
    for (const r of plain) {
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '', 'nothing on stderr without --add-missing-ca');
      assert.ok(!r.stdout.includes(ESC), r.stdout);
      assert.match(r.stdout, /\nFAILED: dial tcp 127\.0\.0\.1:1: connect: connection refused \(\d+ ms\)\n/);
    }
  });

  it('ends its JSON with a newline', async () => {
    const r = await cli([...refused, '--root', root, '--format', 'json'], env);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.endsWith('}\n'), JSON.stringify(r.stdout.slice(-5)));
    assert.equal(JSON.parse(r.stdout).ok, false);
  });

  it('takes --timeout 600, and says so when --add-missing-ca finds no CA to add', async () => {
    const r = await cli([...refused, '--root', root, '--timeout', '600', '--add-missing-ca'], env);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'certsd: --add-missing-ca: no missing CA certificate to add (the folder does not have the one the server omits).\n');
  });

  it('asks Docker which store it uses only for Docker: the containerd image store unless --docker-store says graph drivers', async () => {
    const docker = await cli([...refused, '--engine', 'docker@29', '--docker-store', 'containerd'], env);
    assert.match(docker.stdout.split('\n')[0], /as docker@29 \(containerd image store/);
    const graph = await cli([...refused, '--engine', 'docker@29', '--docker-store', 'graphdriver'], env);
    assert.doesNotMatch(graph.stdout.split('\n')[0], /containerd image store/);
    assert.match(graph.stdout.split('\n')[0], /as docker@29/);
    const containerd = await cli([...refused, '--engine', 'containerd'], env);
    assert.doesNotMatch(containerd.stdout.split('\n')[0], /image store/);
  });
});

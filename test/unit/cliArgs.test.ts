/** cli/args.ts parseCommand: the message and usage line of each bad argument, and the edges of the values it takes. */
import * as assert from 'node:assert/strict';
import { parseCommand } from '../../server/src/cli/args';
import { UsageError } from '../../server/src/cli/options';

const parse = (argv: string[], isTTY = false, env: NodeJS.ProcessEnv = {}) => parseCommand(argv, isTTY, env);

function refuses(argv: string[], message: string, command: UsageError['command']) {
  assert.throws(
    () => parse(argv),
    (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.equal(e.message, message, argv.join(' '));
      assert.equal(e.command, command, argv.join(' '));
      return true;
    },
  );
}

describe('certsd arguments', () => {
  it('refuses each bad value of check with its message and the check usage', () => {
    refuses(['check', '--format', 'xml'], '--format must be text, json or sarif, not "xml"', 'check');
    refuses(['check', '--platform', 'mac'], '--platform must be unix or windows, not "mac"', 'check');
    refuses(['check', '--prefix', '/x'], '--prefix is for resolve (check takes the paths to check)', 'check');
    for (const d of ['abc', '1.5', '-1', '']) refuses(['check', `--expiry-days=${d}`], `--expiry-days must be a whole number of days, not "${d}"`, 'check');
    for (const m of ['-2', 'x', '1.0', '']) refuses(['check', `--max-warnings=${m}`], `--max-warnings must be a whole number of warnings, not "${m}"`, 'check');
    for (const n of ['tomorrow', '2027-13-45', '27-01-31', '2027-01-3', '2027-1-31', 'Sat 2027-01-31']) refuses(['check', '--now', n], `--now must be an ISO-8601 date or time (e.g. 2027-01-31 or 2027-01-31T12:00:00Z), not "${n}"`, 'check');
    refuses(['check', '--docker-store', 'zfs'], '--docker-store must be one of auto, containerd, graphdriver, not "zfs"', 'check');
    refuses(['check', '--engine', 'rkt'], '--engine must be one of docker, podman, containerd (optionally @release), not "rkt"', 'check');
    refuses(['--quiet', 'probe', 'r.example.com'], 'probe comes first: certsd probe HOST[:PORT] [options]', 'probe');
  });

  it('says what to type for a first argument that is no command and nothing that exists', () => {
    refuses(['reg.example.com:5000'], 'unknown command "reg.example.com:5000", and no file or folder of that name here; for a registry, type: certsd resolve reg.example.com:5000 (or certsd probe reg.example.com:5000)', 'resolve');
    for (const p of ['./gone', 'a/b', '.hidden', '~x']) refuses([p], `${p}: no such file or directory`, 'check');
    refuses(['chek'], 'unknown command "chek" (the commands are check, resolve, probe), and no file or folder of that name here; to check a folder, type: certsd check PATH', 'check');
    // ca.pem ends like a file name: not taken for a host.
    refuses(['ca.pem'], 'unknown command "ca.pem" (the commands are check, resolve, probe), and no file or folder of that name here; to check a folder, type: certsd check PATH', 'check');
    const asPath = parseCommand(['/etc/docker/certs.d', '--quiet'], false, {}, (p) => p === '/etc/docker/certs.d');
    assert.deepEqual(asPath.command === 'check' && [asPath.paths, asPath.quiet], [['/etc/docker/certs.d'], true]);
  });

  it('refuses each bad use of resolve with its message and the resolve usage', () => {
    refuses(['resolve'], 'resolve needs a registry HOST (host[:port]), e.g. certsd resolve reg.example.com:5000', 'resolve');
    refuses(['resolve', 'r.example.com', '--format', 'sarif'], 'resolve: --format must be text or json, not "sarif"', 'resolve');
    refuses(['resolve', 'r.example.com', 'https://r.example.com/v2'], 'resolve: "https://r.example.com/v2" is not a registry host: give host[:port] without a scheme or path', 'resolve');
    refuses(['resolve', 'r.example.com', '--quiet'], '--quiet is for check (resolve reports every HOST)', 'resolve');
    refuses(['resolve', 'r.example.com', '--max-warnings', '3'], '--max-warnings is for check (resolve reports every HOST)', 'resolve');
    refuses(['resolve', 'r.example.com', '--allow-empty'], '--allow-empty is for check (resolve reports every HOST)', 'resolve');
  });

  it('takes the edges of the values: --max-warnings -1 (no limit) and 0, a bare date, both platforms, the formats', () => {
    const check = (argv: string[]) => {
      const c = parse(['check', ...argv]);
      assert.equal(c.command, 'check');
      return c as Extract<ReturnType<typeof parseCommand>, { command: 'check' }>;
    };
    assert.equal(check(['--max-warnings=-1']).maxWarnings, undefined);
    assert.equal(check(['--max-warnings', '0']).maxWarnings, 0);
    assert.equal(check(['--max-warnings', '12']).maxWarnings, 12);
    assert.equal(check([]).maxWarnings, undefined);
    assert.equal(check(['--expiry-days', '0']).expiryDays, 0);
    assert.equal(check(['--now', '2027-01-31']).now?.toISOString(), '2027-01-31T00:00:00.000Z');
    assert.equal(check([]).now, undefined);
    assert.equal(check(['--platform', 'windows']).platform, 'windows');
    assert.equal(check(['--platform', 'unix']).platform, 'unix');
    for (const f of ['text', 'json', 'sarif']) assert.equal(check(['--format', f]).format, f);
    assert.deepEqual([check(['--quiet']).quiet, check([]).quiet, check(['--allow-empty']).allowEmpty, check([]).allowEmpty], [true, false, true, false]);
    const r = parse(['resolve', 'a.example.com', 'b.example.com:5000', '--format', 'json', '--prefix', '/img']);
    assert.deepEqual(r.command === 'resolve' && [r.hosts, r.format, r.prefix], [['a.example.com', 'b.example.com:5000'], 'json', '/img']);
    assert.equal(parse(['resolve', 'a.example.com']).command === 'resolve' && (parse(['resolve', 'a.example.com']) as { prefix?: string }).prefix, undefined);
  });

  it('colours on a terminal only, not with --no-color, NO_COLOR or TERM=dumb', () => {
    const color = (argv: string[], isTTY: boolean, env: NodeJS.ProcessEnv) => (parse(['check', ...argv], isTTY, env) as { color: boolean }).color;
    assert.equal(color([], true, {}), true);
    assert.equal(color([], false, {}), false);
    assert.equal(color(['--no-color'], true, {}), false);
    assert.equal(color([], true, { NO_COLOR: '1' }), false);
    assert.equal(color([], true, { TERM: 'dumb' }), false);
    assert.equal(color([], true, { TERM: 'xterm' }), true);
  });

  it('keeps --root and --roots in the order given, split as config_path is on the platform chosen', () => {
    const c = parse(['check', '--root', '/a', '--roots', '/b:/c', '--root', '/d', '--platform', 'unix']) as { roots: string[] };
    assert.deepEqual(c.roots, ['/a', '/b', '/c', '/d']);
  });
});

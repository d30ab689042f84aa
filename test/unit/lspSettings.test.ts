/**
 * The server's small plumbing: the `certsd.*` settings as read from the client (lsp/settings.ts),
 * file paths <-> URIs (lsp/paths.ts), and the scheduler that batches change events
 * (lsp/scheduler.ts), its timer injected and fired by hand.
 */
import * as assert from 'node:assert/strict';
import { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { nameFromBytes, nameToBytes } from '../../server/src/core/fsNames';
import { toPath, toUri } from '../../server/src/lsp/paths';
import { Scheduler } from '../../server/src/lsp/scheduler';
import { readSettings, rootsSetting } from '../../server/src/lsp/settings';
import { CertsdSettings, DEFAULT_SETTINGS } from '../../server/src/protocol';

/** A connection whose client answers `workspace/configuration` with `answer`, recording the sections asked for. */
function client(answer: unknown): { connection: Connection; sections: unknown[] } {
  const sections: unknown[] = [];
  const connection = {
    workspace: {
      getConfiguration: async (section: unknown) => {
        sections.push(section);
        return answer;
      },
    },
  } as unknown as Connection;
  return { connection, sections };
}

const read = (answer: unknown) => readSettings(client(answer).connection);

/** What the settings are when the client says nothing usable. */
const DEFAULTS: CertsdSettings = {
  engine: 'auto',
  expiryWarningDays: 30,
  defaultKeyAlgorithm: 'rsa-4096',
  extraRoots: [],
  dockerStore: 'auto',
  dockerRelease: 'latest',
  containerdRelease: 'latest',
  roots: {},
};

describe('the certsd settings read from the client', () => {
  it('asks for the certsd section, once', async () => {
    const c = client({});
    await readSettings(c.connection);
    assert.deepEqual(c.sections, ['certsd']);
  });

  it('uses the defaults when the client answers nothing, null or an empty object', async () => {
    assert.deepEqual(DEFAULT_SETTINGS, DEFAULTS);
    assert.deepEqual(await read(undefined), DEFAULTS);
    assert.deepEqual(await read(null), DEFAULTS);
    assert.deepEqual(await read({}), DEFAULTS);
  });

  it('keeps every valid value as given', async () => {
    const given: CertsdSettings = {
      engine: 'containerd',
      expiryWarningDays: 7,
      defaultKeyAlgorithm: 'ed25519',
      extraRoots: ['/srv/certs.d', '/opt/podman/certs.d'],
      dockerStore: 'graphdriver',
      dockerRelease: '28',
      containerdRelease: '1.7',
      roots: { containerd: ['/etc/containerd/certs.d'], podman: ['/etc/containers/certs.d', '/home/u/.config/containers/certs.d'] },
    };
    assert.deepEqual(await read(given), given);
  });

  it('accepts each engine, key algorithm and Docker store the settings offer', async () => {
    for (const engine of ['docker', 'podman', 'containerd', 'auto'] as const) assert.equal((await read({ engine })).engine, engine);
    for (const defaultKeyAlgorithm of ['rsa-4096', 'rsa-2048', 'ecdsa-p256', 'ed25519'] as const) {
      assert.equal((await read({ defaultKeyAlgorithm })).defaultKeyAlgorithm, defaultKeyAlgorithm);
    }
    for (const dockerStore of ['auto', 'containerd', 'graphdriver'] as const) assert.equal((await read({ dockerStore })).dockerStore, dockerStore);
  });

  it('replaces an unknown engine, key algorithm or Docker store by its default', async () => {
    for (const engine of ['Docker', 'kubernetes', '', 5, null, ['docker']]) assert.equal((await read({ engine })).engine, 'auto', String(engine));
    for (const alg of ['rsa-1024', 'RSA-4096', 'ed448', 4096, null]) assert.equal((await read({ defaultKeyAlgorithm: alg })).defaultKeyAlgorithm, 'rsa-4096', String(alg));
    for (const store of ['overlay2', 'Containerd', '', true]) assert.equal((await read({ dockerStore: store })).dockerStore, 'auto', String(store));
  });

  it('takes whole days, 0 included, and replaces a negative, infinite or non-number count by 30', async () => {
    assert.equal((await read({ expiryWarningDays: 0 })).expiryWarningDays, 0);
    assert.equal((await read({ expiryWarningDays: 7.9 })).expiryWarningDays, 7);
    assert.equal((await read({ expiryWarningDays: 365 })).expiryWarningDays, 365);
    for (const days of [-1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '14', null, true]) {
      assert.equal((await read({ expiryWarningDays: days })).expiryWarningDays, 30, String(days));
    }
  });

  it('keeps the absolute extra roots only, in their order, and nothing when it is not a list', async () => {
    assert.deepEqual((await read({ extraRoots: ['/b/certs.d', 'relative/certs.d', 7, null, '/a/certs.d', ''] })).extraRoots, ['/b/certs.d', '/a/certs.d']);
    assert.deepEqual((await read({ extraRoots: '/a/certs.d' })).extraRoots, []);
    assert.deepEqual((await read({ extraRoots: { 0: '/a/certs.d' } })).extraRoots, []);
  });

  it("keeps a release the engine's table has, checked against that engine, else the newest", async () => {
    const releases = async (dockerRelease: unknown, containerdRelease: unknown) => {
      const s = await read({ dockerRelease, containerdRelease });
      return [s.dockerRelease, s.containerdRelease];
    };
    assert.deepEqual(await releases('28', '1.7'), ['28', '1.7']);
    assert.deepEqual(await releases('28.5.1', '1.7.27'), ['28.5.1', '1.7.27']);
    // Each engine's own table: 1.7 is no Docker release, 28 no containerd one.
    assert.deepEqual(await releases('1.7', '28'), ['latest', 'latest']);
    assert.deepEqual(await releases('27', '3'), ['latest', 'latest']);
    assert.deepEqual(await releases(28, 1.7), ['latest', 'latest']);
    assert.deepEqual(await releases('latest', 'latest'), ['latest', 'latest']);
  });

  it('reads the roots setting through rootsSetting', async () => {
    assert.deepEqual((await read({ roots: { podman: ['/x/../etc/containers/certs.d', 'rel'] } })).roots, { podman: ['/etc/containers/certs.d'] });
    assert.deepEqual((await read({ roots: ['/etc/containerd/certs.d'] })).roots, {});
  });
});

describe('rootsSetting', () => {
  it('is empty for anything but an object', () => {
    for (const value of [undefined, null, '/etc/containerd/certs.d', 3, true, ['/etc/containerd/certs.d'], [['/a']]]) {
      assert.deepEqual(rootsSetting(value), {}, JSON.stringify(value));
    }
  });

  it('keeps the absolute paths of containerd and podman, resolved, in the order given', () => {
    assert.deepEqual(
      rootsSetting({
        containerd: ['/etc/containerd/certs.d/', '/b/./c', 'relative', 5, null, '/a/x/..'],
        podman: ['/etc/containers/certs.d'],
      }),
      { containerd: ['/etc/containerd/certs.d', '/b/c', '/a'], podman: ['/etc/containers/certs.d'] },
    );
  });

  it('leaves out an engine whose list is not a list or has no absolute path, and any other key', () => {
    assert.deepEqual(rootsSetting({ containerd: '/etc/containerd/certs.d', podman: ['/p'] }), { podman: ['/p'] });
    assert.deepEqual(rootsSetting({ containerd: ['relative', 3], podman: [] }), {});
    assert.deepEqual(rootsSetting({ docker: ['/etc/docker/certs.d'], containerd: ['/c'] }), { containerd: ['/c'] });
    assert.deepEqual(rootsSetting({ containerd: { 0: '/c' } }), {});
  });
});

describe('paths and URIs', () => {
  it('encodes a path as VS Code does: a colon, a space and sub-delimiters percent-encoded', () => {
    assert.equal(toUri('/etc/docker/certs.d/reg.example.com:5000/ca.crt'), 'file:///etc/docker/certs.d/reg.example.com%3A5000/ca.crt');
    // encodeURIComponent would leave ! ' ( ) * as they are; VS Code's URIs do not.
    assert.equal(toUri("/srv/a b!c'(d)*~e#f%g"), 'file:///srv/a%20b%21c%27%28d%29%2A~e%23f%25g');
    assert.equal(toUri('/'), 'file:///');
  });

  it('percent-encodes the bytes of a name that is not UTF-8, which VS Code cannot represent', () => {
    const raw = nameFromBytes(Buffer.concat([Buffer.from('/etc/containerd/certs.d/reg:5000/c a'), Buffer.of(0xff), Buffer.from('.crt')]));
    assert.equal(toUri(raw), 'file:///etc/containerd/certs.d/reg%3A5000/c%20a%FF.crt');
  });

  it('turns a file URI back into its path', () => {
    assert.equal(toPath('file:///etc/docker/certs.d/reg.example.com%3A5000/ca.crt'), '/etc/docker/certs.d/reg.example.com:5000/ca.crt');
    assert.equal(toPath(toUri("/srv/a b!c'(d)*~e#f%g")), "/srv/a b!c'(d)*~e#f%g");
  });

  it('turns the URI of a name that is not UTF-8 back into the same raw bytes (hovers and actions find the file)', () => {
    const bytes = Buffer.concat([Buffer.from('/etc/containerd/certs.d/reg:5000/c a\u00e9'), Buffer.of(0xff, 0xc3), Buffer.from('%.crt')]);
    const raw = nameFromBytes(bytes);
    assert.equal(toUri(raw), 'file:///etc/containerd/certs.d/reg%3A5000/c%20a%C3%A9%FF%C3%25.crt');
    assert.equal(toPath(toUri(raw)), raw);
    assert.deepEqual(nameToBytes(toPath('file:///d/ca%ff.crt')), Buffer.from('/d/ca\xff.crt', 'latin1'));
    // Valid UTF-8 in percent escapes is the character, as before; a URI with a host is left to vscode-uri.
    assert.equal(toPath('file:///d/ca%C3%A9.crt'), '/d/ca\u00e9.crt');
    assert.equal(toPath('file://server/d/ca%FF.crt'), URI.parse('file://server/d/ca%FF.crt').fsPath);
  });
});

describe('the scheduler of change events', () => {
  /** A scheduler whose timer is fired by hand; `batches` gets each batch the work was called with. */
  function scheduler(work?: (paths: string[]) => Promise<void>) {
    const timers: { fire: () => void; ms: number }[] = [];
    const batches: string[][] = [];
    const errors: unknown[] = [];
    const s = new Scheduler(
      work ??
        (async (paths) => {
          batches.push(paths);
        }),
      (e) => errors.push(e),
      40,
      (fire, ms) => timers.push({ fire, ms }),
    );
    return { s, timers, batches, errors };
  }
  /** Lets the promise chain of the batches run. */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('waits for the timer, then runs one batch of every path added meanwhile, each once, in order', async () => {
    const { s, timers, batches } = scheduler();
    s.add(['/a', '/b']);
    s.add(['/b', '/c']);
    s.add([]);
    s.add(['/a']);
    assert.deepEqual(timers.map((t) => t.ms), [40], 'one timer for the burst, with the delay given');
    await settle();
    assert.deepEqual(batches, [], 'nothing runs before the timer fires');
    timers[0].fire();
    await settle();
    assert.deepEqual(batches, [['/a', '/b', '/c']]);
  });

  it('starts a new batch after the timer fired, without the paths of the last one', async () => {
    const { s, timers, batches } = scheduler();
    s.add(['/a']);
    timers[0].fire();
    s.add(['/b']);
    assert.equal(timers.length, 2);
    timers[1].fire();
    await settle();
    assert.deepEqual(batches, [['/a'], ['/b']]);
  });

  it('runs a batch only after the one before it finished', async () => {
    const started: string[][] = [];
    const finish: (() => void)[] = [];
    const { s, timers } = scheduler((paths) => {
      started.push(paths);
      return new Promise<void>((resolve) => finish.push(resolve));
    });
    s.add(['/a']);
    timers[0].fire();
    s.add(['/b']);
    timers[1].fire();
    await settle();
    assert.deepEqual(started, [['/a']]);
    finish[0]();
    await settle();
    assert.deepEqual(started, [['/a'], ['/b']]);
  });

  it('tells onError about a batch that failed, and still runs the next', async () => {
    const failure = new Error('disk gone');
    const ran: string[][] = [];
    const { s, timers, errors } = scheduler(async (paths) => {
      ran.push(paths);
      if (paths.includes('/bad')) throw failure;
    });
    s.add(['/bad']);
    timers[0].fire();
    s.add(['/good']);
    timers[1].fire();
    await settle();
    assert.deepEqual(ran, [['/bad'], ['/good']]);
    assert.deepEqual(errors, [failure]);
  });

  it('waits 15 ms by default, on the real timer', async () => {
    const batches: string[][] = [];
    const s = new Scheduler(
      async (paths) => void batches.push(paths),
      () => undefined,
    );
    const delays: number[] = [];
    const original = globalThis.setTimeout;
    // Records the delay and fires at once: the test waits on no clock.
    globalThis.setTimeout = ((fire: () => void, ms: number) => {
      delays.push(ms);
      fire();
      return undefined;
    }) as unknown as typeof setTimeout;
    try {
      s.add(['/a']);
    } finally {
      globalThis.setTimeout = original;
    }
    await settle();
    assert.deepEqual(delays, [15]);
    assert.deepEqual(batches, [['/a']]);
  });
});

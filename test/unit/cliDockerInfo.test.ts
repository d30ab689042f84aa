/** `--docker-store auto` asks `docker info` (cli/dockerInfo.ts): a stand-in `docker` on PATH says what it was given. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDockerInfo } from '../../server/src/cli/dockerInfo';

describe('certsd docker info', () => {
  let bin: string;
  let savedPath: string | undefined;
  beforeEach(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-docker-'));
    savedPath = process.env.PATH;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    fs.rmSync(bin, { recursive: true, force: true });
  });
  /** A `docker` script that prints its arguments, one a line, and where its stdin comes from; `status` is its exit status. */
  function fakeDocker(status: number) {
    // PATH holds only the stand-in: readlink by its full name.
    const readlink = execFileSync('sh', ['-c', 'command -v readlink'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\nfor a in "$@"; do echo "arg $a"; done\necho "stdin $(${readlink} /proc/$$/fd/0)"\necho "noise on stderr" >&2\nexit ${status}\n`, { mode: 0o755 });
    process.env.PATH = bin;
  }

  it('runs docker info --format {{json .DriverStatus}} with stdin closed and returns its output as text', () => {
    fakeDocker(0);
    assert.equal(runDockerInfo(), 'arg info\narg --format\narg {{json .DriverStatus}}\nstdin /dev/null\n');
  });

  it('gives undefined when docker fails or is absent', () => {
    fakeDocker(1);
    assert.equal(runDockerInfo(), undefined);
    fs.rmSync(path.join(bin, 'docker'));
    assert.equal(runDockerInfo(), undefined);
  });
});

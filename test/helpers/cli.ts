/** Runs the CLI's `main` in-process with captured output; every field of its io can be set. */
import { CliIo, main } from '../../server/src/cli/main';
import { defaultEnv } from '../../server/src/core/check';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Defaults: not a terminal, an empty environment, cwd `/`, the real file system and clock. */
export function runCli(args: string[], io: Partial<Omit<CliIo, 'stdout' | 'stderr'>> = {}): CliRun {
  let stdout = '';
  let stderr = '';
  const code = main(args, {
    isTTY: false,
    env: {},
    cwd: '/',
    checkEnv: defaultEnv,
    ...io,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

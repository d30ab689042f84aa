/**
 * `certsd check` runs node with heap flags that keep a large check small (issue 9: 10,000 host
 * folders peaked at ~200 MB with the default heap, its live heap ~20 MB: V8 lets the heap grow far
 * above what is live). NODE_OPTIONS is the user's, so the CLI starts itself again with the flags,
 * before its other modules load; CERTSD_RELAUNCHED stops a loop, CERTSD_NO_RELAUNCH=1 turns it off.
 * Imported first by main.ts; does nothing unless main.js is the program node runs. The parent loads
 * the CLI's modules too (the import order allows no less) but reads no file of the tree.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** Soft flags only: no heap limit (a hard one would turn a large but legitimate tree into a crash). */
// Measured on 10,000 host folders (npm run bench:scale): --optimize-for-size keeps as little but costs 30-50% time.
export const CHECK_NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=20'];

/** Whether to start again: `check`, run as main.js, not yet relaunched, not turned off, no flag of ours given already. */
export function shouldRelaunch(argv: readonly string[], env: NodeJS.ProcessEnv, execArgv: readonly string[], mainFile: string | undefined, self: string): boolean {
  if (argv[0] !== 'check' || env.CERTSD_RELAUNCHED || env.CERTSD_NO_RELAUNCH === '1') return false;
  if (mainFile === undefined || path.resolve(mainFile) !== path.resolve(self)) return false;
  const ours = CHECK_NODE_FLAGS.map((f) => f.split('=')[0]);
  return !execArgv.some((a) => ours.includes(a.split('=')[0]));
}

const mainJs = path.join(__dirname, 'main.js');

/** What relaunch() uses of node: the real ones in the CLI, stand-ins in the unit test (it runs in-process). */
export interface RelaunchDeps {
  spawn: (command: string, args: string[], options: { stdio: 'inherit'; env: NodeJS.ProcessEnv }) => ChildLike;
  proc: Pick<NodeJS.Process, 'execPath' | 'execArgv' | 'argv' | 'env' | 'pid'> & {
    on(sig: NodeJS.Signals, listener: () => void): unknown;
    removeAllListeners(sig: NodeJS.Signals): unknown;
    kill(pid: number, sig: NodeJS.Signals): unknown;
    exit(code: number): void;
    stderr: { write(s: string): unknown };
  };
  mainJs: string;
}

/** The part of a ChildProcess that relaunch() uses. */
export interface ChildLike {
  kill(sig: NodeJS.Signals): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

/** The child runs the check; this process only passes on signals and ends as the child ends. */
export function relaunch(deps: RelaunchDeps = { spawn, proc: process, mainJs }): boolean {
  const { proc } = deps;
  const child = deps.spawn(proc.execPath, [...proc.execArgv, ...CHECK_NODE_FLAGS, deps.mainJs, ...proc.argv.slice(2)], { stdio: 'inherit', env: { ...proc.env, CERTSD_RELAUNCHED: '1' } });
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of signals) proc.on(sig, () => child.kill(sig));
  child.on('error', (e) => {
    proc.stderr.write(`certsd: could not start node again with ${CHECK_NODE_FLAGS.join(' ')} (${e.message}); CERTSD_NO_RELAUNCH=1 checks in one process\n`);
    proc.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // End as the child did: by the same signal.
      proc.removeAllListeners(signal);
      proc.kill(proc.pid, signal);
    } else {
      proc.exit(code ?? 2);
    }
  });
  return true;
}

/** Set when this process handed the check to a child: main.ts does not run it too. */
export const relaunched = shouldRelaunch(process.argv.slice(2), process.env, process.execArgv, require.main?.filename, mainJs) && relaunch();

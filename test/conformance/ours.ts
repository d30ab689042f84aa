/** Our side: `certsd check --format json` on the same root, one run per engine@release and storage. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { OurLoad } from './compare';
import { Target } from './targets';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli', 'main.js');

export interface OurHost {
  name: string;
  load: OurLoad;
  login?: OurLoad;
}

function check(t: Target, paths: string[]): { hosts?: OurHost[]; crash?: string } {
  const args = [CLI, 'check', ...paths, '--format', 'json', '--engine', `${t.engine}@${t.release.release}`];
  if (t.dockerStore) args.push('--docker-store', t.dockerStore);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  // Exit 1 means errors were found, which most corpora have; 2 is a usage error or a crash.
  if (r.status === 0 || r.status === 1) return { hosts: (JSON.parse(r.stdout) as { hosts: OurHost[] }).hosts };
  return { crash: `certsd check exited ${r.status ?? r.signal}: ${r.stderr.trim().slice(0, 500)}` };
}

/**
 * Checks the whole root in one run. When the check crashes (no report at all: a disagreement in
 * itself), halves the host list until each crashing host folder is found, and reports those.
 */
export function runOurs(t: Target, root: string, hosts: string[]): { results: Map<string, OurHost>; crashes: Map<string, string> } {
  const results = new Map<string, OurHost>();
  const crashes = new Map<string, string>();
  const whole = check(t, [root]);
  if (whole.hosts) {
    for (const h of whole.hosts) results.set(h.name, h);
    return { results, crashes };
  }
  const bisect = (names: string[]): void => {
    const r = check(t, names.map((n) => path.join(root, n)));
    if (r.hosts) for (const h of r.hosts) results.set(h.name, h);
    else if (names.length === 1) crashes.set(names[0], r.crash!);
    else {
      bisect(names.slice(0, names.length >> 1));
      bisect(names.slice(names.length >> 1));
    }
  };
  bisect(hosts);
  return { results, crashes };
}

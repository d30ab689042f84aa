/**
 * convertToHostsToml judged by containerd itself: for every generated folder without a hosts.toml,
 * containerd's verdict on the loose files must equal its verdict on the same files plus the
 * hosts.toml we write for them (same hosts, same CA pool, same client certificates, or the same
 * error). Two scratch roots, the harness run on both; nothing of ours decides the outcome.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { convertToHostsToml } from '../../server/src/core/generate/convertToHostsToml';
import { FactsCache } from '../../server/src/core/facts';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { readHostDir } from '../../server/src/core/tree';
import { describeVerdict, differences, goVerdict } from './compare';
import { HostSpec, writeHost } from './corpus/generate';
import { runHarness, SystemRoots } from './harness';

export interface ConvertOutcome {
  target: string;
  compared: number;
  agreed: number;
  /** One line per folder where the verdicts differ. */
  failures: string[];
}

export interface ConvertTarget {
  id: string;
  bin: string;
  loader: string;
  godebug: string;
}

export function convertRoundTrip(targets: ConvertTarget[], hosts: HostSpec[], roots: SystemRoots): ConvertOutcome[] {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-convert-'));
  try {
    const loose = path.join(base, 'loose', 'certs.d');
    const toml = path.join(base, 'toml', 'certs.d');
    // Folders that already have a hosts.toml (or files outside themselves) say nothing about the conversion.
    const picked = hosts.filter((h) => !h.files.some((f) => f.name === 'hosts.toml' || f.name.startsWith('../')));
    const contents = new Map<string, string>();
    for (const h of picked) {
      writeHost(loose, h);
      writeHost(toml, h);
      const { content } = convertToHostsToml(readHostDir(nodeFileSystem, toml, h.name), new FactsCache(nodeFileSystem));
      fs.writeFileSync(path.join(toml, h.name, 'hosts.toml'), content, { flag: 'wx' });
      contents.set(h.name, content);
    }
    const names = picked.map((h) => h.name);
    const aliases = (root: string) => [fs.realpathSync(root), root];
    return targets.map((t) => {
      const before = runHarness(t.bin, t.loader, loose, names, t.godebug, roots);
      const after = runHarness(t.bin, t.loader, toml, names, t.godebug, roots);
      const out: ConvertOutcome = { target: t.id, compared: 0, agreed: 0, failures: [] };
      for (const n of names) {
        // Both read as "hosts.toml decoded" so that the host lists are compared too.
        const a = goVerdict(before.get(n)!, aliases(loose), true);
        const b = goVerdict(after.get(n)!, aliases(toml), true);
        out.compared++;
        const fields = differences(a, b);
        if (fields.length === 0) out.agreed++;
        else out.failures.push(`${n} (${fields.join(', ')}):\n    loose files: ${describeVerdict(a)}\n    hosts.toml:  ${describeVerdict(b)}\n    ${contents.get(n)!.trimEnd().split('\n').join('\n    ')}`);
      }
      return out;
    });
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

/**
 * The language server on a large workspace, measured in this process alone (scale.ts runs it as a
 * child): the real server in-process with the protocol test helpers, time from initialize to the
 * first complete check, and this process's peak RSS. Prints one JSON line.
 *
 *   node --import tsx test/bench/lspScale.ts WORKSPACE HOSTS
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import { startTestServer } from '../helpers/lsp';

const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

async function main(): Promise<void> {
  const [workspace, hosts] = process.argv.slice(2);
  const floorRss = peakRss();
  const t0 = process.hrtime.bigint();
  const { client, firstCheck } = await startTestServer(workspace, { settings: { dockerStore: 'graphdriver' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (firstCheck.hosts !== Number(hosts)) throw new Error(`server checked ${firstCheck.hosts} host folders, expected ${hosts}`);
  const rss = peakRss();
  const committed = v8.getHeapStatistics().total_heap_size;
  v8.setFlagsFromString('--expose-gc');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:vm').runInNewContext('gc') as () => void)();
  const live = v8.getHeapStatistics().used_heap_size;
  client.dispose();
  console.log(JSON.stringify({ ms, rss, floorRss, committed, live }));
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * `npm run bench` (second part): every parser linear. Each hostile input is timed at size N and 2N
 * (best of a few runs, so that a pause of the machine does not count) and the ratio printed: a
 * linear parser gives ~2, a quadratic one ~4. Target: ratio <= 2.5. Measured here and not in a unit
 * test, because a timed unit test fails on a busy machine.
 *
 *   node --import tsx test/bench/linearity.ts [--quick]
 *
 * CERTSD_PEM_MODULE=/path/to/pem.ts measures another copy of the decoder (to time the old one).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkRoot } from '../../server/src/core/check';
import { nodeFileSystem } from '../../server/src/core/fsview';
import { MemFileSystem } from '../fuzz/memFs';
import { ecKey, selfSignedCa } from '../helpers/pki';

type PemModule = typeof import('../../server/src/core/go/pem');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pem: PemModule = require(process.env.CERTSD_PEM_MODULE ?? '../../server/src/core/go/pem');

const quick = process.argv.includes('--quick');

function best(f: () => void, runs = 5): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

/** A PEM block of a certificate's size (random bytes: decoding speed does not depend on them). */
function blockPem(): string {
  return pem.encodePem('CERTIFICATE', crypto.randomBytes(900));
}

interface Case {
  name: string;
  /** Input of about `mb` megabytes. */
  make: (mb: number) => Buffer;
  run: (data: Buffer) => void;
}

let CERT = blockPem();
const decode = (d: Buffer) => void pem.decodeAll(d);
const armor = (d: Buffer) => void pem.scanArmor(d.toString('latin1'));
const repeatTo = (unit: string, mb: number, tail = '') => Buffer.from(unit.repeat(Math.ceil((mb * 1024 * 1024) / unit.length)) + tail);

const CASES: Case[] = [
  { name: 'BEGIN lines without END', make: (mb) => repeatTo('-----BEGIN CERTIFICATE-----\n', mb), run: decode },
  { name: 'BEGIN lines, one END at the end', make: (mb) => repeatTo('-----BEGIN CERTIFICATE-----\n', mb, '-----END CERTIFICATE-----\n'), run: decode },
  { name: 'BEGIN A lines, END B at the end', make: (mb) => repeatTo('-----BEGIN A-----\n', mb, '-----END B-----\n'), run: decode },
  { name: 'BEGIN + body lines, one END', make: (mb) => repeatTo('-----BEGIN CERTIFICATE-----\nQUJD\n', mb, '-----END CERTIFICATE-----\n'), run: decode },
  { name: 'header-like lines without colon', make: (mb) => repeatTo('-----BEGIN X-----\nabc\n', mb), run: decode },
  { name: 'header lines that run past END', make: (mb) => repeatTo('-----BEGIN X-----\na:b\n-----END X:-----\n', mb), run: decode },
  { name: 'certificates in one bundle', make: (mb) => repeatTo(CERT, mb), run: decode },
  { name: 'armor scan: BEGIN without END', make: (mb) => repeatTo('-----BEGIN CERTIFICATE-----\n', mb), run: armor },
  { name: 'armor scan: certificates', make: (mb) => repeatTo(CERT, mb), run: armor },
];

function ratioLine(name: string, size1: string, t1: number, t2: number): string {
  const ratio = t2 / Math.max(t1, 0.001);
  return `${name.padEnd(44)} ${size1.padStart(8)}: ${t1.toFixed(1).padStart(8)} ms   2x: ${t2.toFixed(1).padStart(8)} ms   ratio ${ratio.toFixed(2)} ${ratio <= 2.5 ? 'ok' : 'NOT LINEAR'}`;
}

async function main(): Promise<void> {
  // A real CA certificate, generated now, so that the whole-check line parses what it decodes.
  CERT = (await selfSignedCa({ commonName: 'Bench CA', key: ecKey() })).pem;
  const mb = Number(process.env.BENCH_PEM_MB ?? (quick ? 1 : 4));
  console.log(`linearity (time of 2x input / time of 1x input; target <= 2.5), decoder ${path.relative(process.cwd(), require.resolve(process.env.CERTSD_PEM_MODULE ?? '../../server/src/core/go/pem'))}`);
  for (const c of CASES) {
    const a = c.make(mb);
    const b = c.make(2 * mb);
    const t1 = best(() => c.run(a));
    const t2 = best(() => c.run(b));
    console.log(ratioLine(c.name, `${mb} MB`, t1, t2));
  }
  // 100,000 certificates in one file (the issue: 61-120 s), and twice that.
  if (!process.env.CERTSD_PEM_MODULE) {
    const n = quick ? 20_000 : 100_000;
    const one = Buffer.from(CERT.repeat(n));
    const two = Buffer.from(CERT.repeat(2 * n));
    const t1 = best(() => decode(one), 1);
    const t2 = best(() => decode(two), 1);
    console.log(ratioLine(`${n} certificates decoded (one file)`, `${(one.length / 1e6).toFixed(0)} MB`, t1, t2));
    // The whole check of a bundle under the read limit: half the limit, then the limit.
    const root = '/bench/certs.d';
    const checkOf = (count: number) => {
      const mem = new MemFileSystem({ [`${root}/reg.example.com/ca.crt`]: Buffer.from(CERT.repeat(count)) });
      return () => void checkRoot({ path: root, engine: 'containerd', engineFromPath: false, misnamed: false }, { fs: mem, now: () => new Date() });
    };
    const per = Math.floor((1024 * 1024) / CERT.length / 2);
    const c1 = best(checkOf(per));
    const c2 = best(checkOf(2 * per));
    console.log(ratioLine(`whole check, ${per} vs ${2 * per} blocks in ca.crt`, `${((per * CERT.length) / 1e6).toFixed(1)} MB`, c1, c2));
    // A Windows root of many empty host folders, half of them colon-free names (`reg1.example.com5000`)
    // beside their port form (`reg1.example.com_5000_`): each folder asks which port form shadows it.
    // On disk (MemFileSystem lists a folder by scanning every path it holds: n² of its own).
    const windowsRoot = (count: number) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certsd-bench-win-'));
      for (let i = 0; i < count / 2; i++) {
        fs.mkdirSync(path.join(dir, `reg${i}.example.com5000`));
        fs.mkdirSync(path.join(dir, `reg${i}.example.com_5000_`));
      }
      made.push(dir);
      return () => void checkRoot({ path: dir, engine: 'containerd', engineFromPath: false, misnamed: false }, { fs: nodeFileSystem, now: () => new Date() }, { platform: 'windows' });
    };
    const made: string[] = [];
    const folders = quick ? 2_000 : 5_000;
    const w1 = best(windowsRoot(folders), 3);
    const w2 = best(windowsRoot(2 * folders), 3);
    console.log(ratioLine(`whole check, Windows root of ${folders} vs ${2 * folders} folders`, `${folders}`, w1, w2));
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();

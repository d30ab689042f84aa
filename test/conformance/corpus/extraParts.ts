/**
 * Everything else people leave in a host folder: other extensions, README, hidden files, macOS
 * AppleDouble files, sub-folders, symlinks of every kind, empty files, hosts.toml.
 */
import { addCrt, pemOf } from './crtParts';
import { appleDouble } from './damage';
import { HostBuilder } from './hostBuilder';
import { commentsOnlyToml, hostsToml, TOML_FLAWS, TomlFlaw } from './hostsToml';
import { Pool } from './pool';
import { Prng } from './prng';

const OTHER_NAMES = ['ca.pem', 'CA.CRT', 'ca.crt.pem', 'ca.cer', 'ca.der', 'Ca.Crt', 'ca.crt.bak', 'ca.crt~', 'ca.crt.old', 'client.pem', 'client.KEY', 'client.key.pem', 'ca.txt'];

/** F1: a certificate or key under a name the engines ignore. */
export function addOtherExtension(b: HostBuilder, rng: Prng, pool: Pool): void {
  const name = b.unique(rng.pick(OTHER_NAMES));
  const lower = name.toLowerCase();
  const root = rng.pick(pool.roots);
  let what: string;
  let bytes: Buffer;
  if (lower.includes('key')) {
    const k = rng.pick(pool.clients.filter((c) => c.usable && c.key.files.pkcs8)).key;
    bytes = k.files.pkcs8!;
    what = 'key';
  } else if (lower.endsWith('.der') || (lower.endsWith('.cer') && rng.chance(0.5))) {
    bytes = root.der;
    what = 'der';
  } else {
    bytes = root.pem;
    what = 'pem';
  }
  b.file(name, bytes);
  b.labelFile(name, `other:${name.replace(/-\d+(?=\.)/, '')}`, `other:holds-${what}`);
}

const READMES = [
  '# reg.example.com\n\nCA from the platform team. Renew before it expires.\n',
  'ca.crt: root CA\nclient.cert/client.key: CI client certificate\n',
  'Do not edit: managed by configuration management.\n',
];

export function addReadme(b: HostBuilder, rng: Prng): void {
  const name = b.unique(rng.pick(['README.md', 'README', 'notes.txt']));
  b.file(name, rng.pick(READMES));
  b.labelFile(name, `other:${name.replace(/-\d+(?=\.|$)/, '')}`);
}

/** F3: hidden files are loaded like any other. In a damaged folder the hidden file may be the broken one. */
export function addHidden(b: HostBuilder, rng: Prng, pool: Pool, damaged: boolean): void {
  const kind = rng.weighted([['crt', 5], ['ds-store', 3], ['pair', 2]] as const);
  if (kind === 'crt') {
    const name = b.unique('.ca.crt');
    addCrt(b, rng, pool, damaged, name);
    b.labelFile(name, 'hidden:crt');
  } else if (kind === 'ds-store') {
    const name = b.unique('.DS_Store');
    b.file(name, Buffer.concat([Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]), rng.bytes(64 + rng.int(512))]));
    b.labelFile(name, 'hidden:ds-store');
  } else {
    const base = b.uniqueBase('.client');
    const m = rng.pick(pool.clients.filter((c) => c.usable && c.key.files.pkcs8 && !c.certFile));
    b.file(`${base}.cert`, pemOf([m.cert]));
    b.file(`${base}.key`, m.key.files.pkcs8!, 0o600);
    b.labelFile(`${base}.cert`, 'hidden:pair', `pair:${m.id}`);
    b.pairs.push({ cert: `${base}.cert`, key: `${base}.key` });
  }
}

/** F4: `._name` AppleDouble junk that macOS leaves on non-HFS volumes. */
export function addAppleDouble(b: HostBuilder, rng: Prng): void {
  const loose = b.topFiles().map((f) => f.name).filter((n) => /^[^.].*\.(crt|cert|key)$/.test(n));
  const of = loose.length && rng.chance(0.7) ? rng.pick(loose) : rng.pick(['ca.crt', 'client.cert', 'client.key']);
  const name = b.unique(`._${of}`);
  b.file(name, appleDouble(rng));
  b.labelFile(name, `appledouble:${of.slice(of.lastIndexOf('.') + 1)}`);
  b.damaged = true;
}

/** F2: a sub-folder named like a certificate (`x.crt`, `x.cert`), empty or not. */
export function addNamedSubdir(b: HostBuilder, rng: Prng, pool: Pool): void {
  const ext = rng.weighted([['crt', 6], ['cert', 3], ['key', 1]] as const);
  const name = b.unique(`${rng.pick(['x', 'ca', 'certs', 'client'])}.${ext}`);
  if (rng.chance(0.5)) b.dir(name);
  else b.file(`${name}/ca.crt`, pool.rootA.pem);
  b.label(`subdir:named-${ext}@${name}`);
  b.damaged = true;
}

/** Sub-folders with files: never read by any engine. */
export function addSubdirFiles(b: HostBuilder, rng: Prng, pool: Pool): string {
  const dir = b.unique(rng.pick(['old', 'backup', 'certs', '_default', 'archive']));
  const m = rng.pick(pool.clients.filter((c) => c.usable && c.key.files.pkcs8 && !c.certFile));
  b.file(`${dir}/ca.crt`, rng.pick(pool.roots).pem);
  if (rng.chance(0.5)) {
    b.file(`${dir}/client.cert`, m.cert.pem);
    b.file(`${dir}/client.key`, m.key.files.pkcs8!, 0o600);
  }
  b.label(`subdir:files@${dir}`);
  return dir;
}

export type SymlinkKind = 'in-folder' | 'into-subdir' | 'outside' | 'dangling' | 'loop' | 'self-loop' | 'to-dir';
export const BENIGN_LINKS: SymlinkKind[] = ['in-folder', 'into-subdir', 'outside'];
export const BROKEN_LINKS: SymlinkKind[] = ['dangling', 'loop', 'self-loop', 'to-dir'];

export function addSymlink(b: HostBuilder, rng: Prng, pool: Pool, kind: SymlinkKind): void {
  const root = rng.pick(pool.roots);
  const linkName = (): string => b.unique(rng.pick(['ca.crt', 'root.crt', 'current.crt']));
  switch (kind) {
    case 'in-folder': {
      const target = b.unique(rng.pick(['ca.pem', 'root-ca.pem', 'ca.crt.pem']));
      b.file(target, root.pem);
      const link = b.symlink(linkName(), target);
      b.label(`symlink:in-folder@${link}`);
      b.crts.push(link);
      return;
    }
    case 'into-subdir': {
      const dir = b.unique('certs');
      b.file(`${dir}/ca.pem`, root.pem);
      const link = b.symlink(linkName(), `${dir}/ca.pem`);
      b.label(`symlink:into-subdir@${link}`);
      b.crts.push(link);
      return;
    }
    case 'outside': {
      const target = `../${b.name}.outside-ca.pem`;
      if (!b.has(target)) {
        b.file(target, root.pem);
        b.label(`outside:file@${target}`);
      }
      const link = b.symlink(linkName(), target);
      b.label(`symlink:outside@${link}`);
      b.crts.push(link);
      return;
    }
    case 'dangling': {
      const ext = rng.weighted([['crt', 7], ['cert', 1], ['key', 2]] as const);
      const link = ext === 'crt' ? b.unique(rng.pick(['ca.crt', 'old.crt', 'gone.crt'])) : `${b.uniqueBase(rng.pick(['client', 'old']))}.${ext}`;
      b.symlink(link, rng.pick(['missing.crt', '/etc/ssl/certs/none.pem', '../missing/ca.crt']));
      b.label(`symlink:dangling@${link}`);
      break;
    }
    case 'loop': {
      const a = b.unique('a.crt');
      const c = b.unique('b.crt');
      b.symlink(a, c);
      b.symlink(c, a);
      b.label(`symlink:loop@${a}`);
      break;
    }
    case 'self-loop': {
      const a = b.unique('self.crt');
      b.symlink(a, a);
      b.label(`symlink:self-loop@${a}`);
      break;
    }
    case 'to-dir': {
      const dir = addSubdirFiles(b, rng, pool);
      const link = b.unique(rng.pick(['certs.crt', 'x.crt', 'client.cert']));
      b.symlink(link, dir);
      b.label(`symlink:to-dir@${link}`);
      break;
    }
  }
  b.damaged = true;
}

/** 0-byte files, as `touch` leaves them. */
export function addEmpty(b: HostBuilder, rng: Prng): void {
  const ext = rng.weighted([['crt', 5], ['cert', 2], ['key', 2], ['pair', 1]] as const);
  if (ext === 'pair') {
    const base = b.uniqueBase('client');
    b.file(`${base}.cert`, Buffer.alloc(0));
    b.file(`${base}.key`, Buffer.alloc(0), 0o600);
    b.label(`empty:pair@${base}.cert`);
  } else {
    const name = ext === 'crt' ? b.unique(rng.pick(['new.crt', 'ca.crt'])) : `${b.uniqueBase(rng.pick(['client', 'new']))}.${ext}`;
    b.file(name, Buffer.alloc(0));
    b.label(`empty:${ext}@${name}`);
  }
  b.damaged = true;
}

export type TomlChoice = 'valid' | 'empty' | 'comments' | TomlFlaw;

export function addHostsToml(b: HostBuilder, rng: Prng, choice: TomlChoice): void {
  if (choice === 'empty') {
    b.file('hosts.toml', Buffer.alloc(0));
    b.label('hosts.toml:empty');
    return;
  }
  if (choice === 'comments') {
    b.file('hosts.toml', commentsOnlyToml(rng));
    b.label('hosts.toml:comments-only');
    b.damaged = true;
    return;
  }
  const flaw = choice === 'valid' ? undefined : choice;
  const t = hostsToml(rng, { host: b.name, crts: b.crts, pairs: b.pairs, combined: b.combined, content: (n) => b.get(n)?.content }, flaw);
  b.file('hosts.toml', t.content);
  for (const f of t.files) b.file(f.name, f.content);
  b.label(...(flaw ? [] : ['hosts.toml:valid']), ...t.labels);
  // Valid for containerd 2.x, yet not for every release or reading: 1.6/1.7 refuse a file without [host], releases
  // before 2.2 do not know `referrers`, and an empty key in a pair reads the key from the .cert (a plain certificate).
  const surprising = ['hosts.toml:no-host-table', 'hosts.toml:referrers', 'hosts.toml:client-pair-empty-key'];
  if (flaw || t.labels.some((l) => surprising.includes(l))) b.damaged = true;
}

export function randomTomlFlaw(rng: Prng): TomlFlaw {
  return rng.pick(TOML_FLAWS);
}

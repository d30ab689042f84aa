/**
 * One host folder from the PRNG: about a third meant to be fully valid (certificates Go loads,
 * matching pairs in Go's encodings, only harmless extras), the rest with at least one damaged
 * part. `folder:valid` / `folder:damaged` is decided by what was actually added.
 */
import { addCrt } from './crtParts';
import { MUTATIONS, mutate } from './damage';
import {
  addAppleDouble,
  addEmpty,
  addHidden,
  addHostsToml,
  addNamedSubdir,
  addOtherExtension,
  addReadme,
  addSubdirFiles,
  addSymlink,
  BENIGN_LINKS,
  BROKEN_LINKS,
  randomTomlFlaw,
  TomlChoice,
} from './extraParts';
import { HostBuilder } from './hostBuilder';
import { addLoneCert, addLoneKey, addPair } from './pairParts';
import { Pool } from './pool';
import { Prng } from './prng';
import { HostSpec } from './types';

type Damage = 'crt' | 'pair' | 'lone-key' | 'lone-cert' | 'appledouble' | 'named-subdir' | 'broken-link' | 'empty' | 'hidden' | 'toml' | 'mutation';

const FORCED: [Damage, number][] = [
  ['crt', 30], ['pair', 25], ['lone-key', 8], ['lone-cert', 6], ['appledouble', 5], ['named-subdir', 4], ['broken-link', 6], ['empty', 5], ['hidden', 2], ['toml', 5], ['mutation', 6],
];

/** Share of folders meant to be fully valid. */
export const VALID_SHARE = 0.38;
/** Per PEM/DER file of a damaged folder: chance of a random byte-level mutation. */
export const MUTATION_RATE = 0.14;

export function composeHost(rng: Prng, pool: Pool, name: string, hostForm: string): HostSpec {
  const b = new HostBuilder(name);
  b.label(`host:${hostForm}`);
  const valid = rng.chance(VALID_SHARE);
  const part = (p: number): boolean => !valid && rng.chance(p);

  const nCrt = rng.weighted([[0, 12], [1, 52], [2, 24], [3, 8], [4, 4]] as const);
  for (let i = 0; i < nCrt; i++) addCrt(b, rng, pool, part(0.4));
  const nPairs = rng.weighted([[0, 45], [1, 40], [2, 11], [3, 4]] as const);
  for (let i = 0; i < nPairs; i++) addPair(b, rng, pool, part(0.4));

  // Harmless extras, in any folder.
  if (rng.chance(0.12)) addOtherExtension(b, rng, pool);
  if (rng.chance(0.04)) addOtherExtension(b, rng, pool);
  if (rng.chance(0.06)) addReadme(b, rng);
  if (rng.chance(0.05)) addHidden(b, rng, pool, part(0.4));
  if (rng.chance(0.04)) addSubdirFiles(b, rng, pool);
  if (rng.chance(0.06)) addSymlink(b, rng, pool, rng.pick(BENIGN_LINKS));

  // Damaging extras, only in damaged folders.
  if (part(0.07)) addLoneKey(b, rng, pool);
  if (part(0.05)) addLoneCert(b, rng, pool);
  if (part(0.05)) addAppleDouble(b, rng);
  if (part(0.04)) addNamedSubdir(b, rng, pool);
  if (part(0.06)) addSymlink(b, rng, pool, rng.pick(BROKEN_LINKS));
  if (part(0.04)) addEmpty(b, rng);

  let toml: TomlChoice | undefined;
  if (rng.chance(0.25)) {
    const c = valid ? rng.weighted([['valid', 80], ['empty', 20]] as const) : rng.weighted([['valid', 30], ['empty', 8], ['comments', 10], ['flaw', 52]] as const);
    toml = c === 'flaw' ? randomTomlFlaw(rng) : c;
  }

  let mutated = !valid && mutateSome(b, rng, MUTATION_RATE);
  if (!valid && !b.damaged && !mutated) {
    const forced: Record<Damage, () => void> = {
      crt: () => addCrt(b, rng, pool, true),
      pair: () => addPair(b, rng, pool, true),
      'lone-key': () => addLoneKey(b, rng, pool),
      'lone-cert': () => addLoneCert(b, rng, pool),
      appledouble: () => addAppleDouble(b, rng),
      'named-subdir': () => addNamedSubdir(b, rng, pool),
      'broken-link': () => addSymlink(b, rng, pool, rng.pick(BROKEN_LINKS)),
      empty: () => addEmpty(b, rng),
      hidden: () => addHidden(b, rng, pool, true),
      toml: () => (toml = randomTomlFlaw(rng)),
      mutation: () => {
        mutated = mutateSome(b, rng, 1);
        if (!mutated) addCrt(b, rng, pool, true);
      },
    };
    forced[rng.weighted(FORCED)]();
  }
  // hosts.toml last, so that it can reference the folder's files.
  if (toml) addHostsToml(b, rng, toml);
  else b.label('hosts.toml:none');
  if (mutated) b.damaged = true;
  if (b.build().files.length === 0) b.label('empty:folder');
  b.label(b.damaged ? 'folder:damaged' : 'folder:valid');
  return b.build();
}

/** Random byte-level damage to PEM/DER files (certificates and keys). */
function mutateSome(b: HostBuilder, rng: Prng, rate: number): boolean {
  let any = false;
  for (const f of b.topFiles()) {
    if (!/\.(crt|cert|key)$/.test(f.name) || !f.content || f.content.length < 2 || f.name.startsWith('._')) continue;
    if (!rng.chance(rate)) continue;
    const r = mutate(rng, f.content, rng.pick(MUTATIONS));
    b.replace(f.name, r.bytes);
    b.labelFile(f.name, `mutation:${r.applied}`);
    any = true;
  }
  return any;
}

/**
 * What people and tools do to PEM files: a BOM from a Windows editor, CRLF, text around the
 * blocks (`openssl pkcs12`, `s_client -showcerts`, pasted e-mails), PEM headers, YAML-style
 * indentation, lost END lines, bad padding, truncation, other PEM types. Plus random byte-level
 * mutations. Every choice comes from the PRNG, so damage is the same for one seed.
 */
import { Prng } from './prng';

/** Damage a person or tool does to a PEM file. `benign` ones are fine for every engine (rule C3). */
export const PEM_DAMAGE = {
  crlf: { benign: true },
  'no-final-newline': { benign: true },
  'text-before': { benign: true },
  'text-after': { benign: true },
  'text-between': { benign: true },
  bom: { benign: false },
  'bom-crlf': { benign: false },
  'pem-headers': { benign: false },
  indented: { benign: false },
  'indented-body': { benign: false },
  'no-end': { benign: false },
  'end-no-dashes': { benign: false },
  'bad-padding': { benign: false },
  truncated: { benign: false },
  'type-x509-certificate': { benign: false },
  'type-trusted-certificate': { benign: false },
  'type-lowercase': { benign: false },
} as const;

export type PemDamage = keyof typeof PEM_DAMAGE;
export const BENIGN_DAMAGE = (Object.keys(PEM_DAMAGE) as PemDamage[]).filter((d) => PEM_DAMAGE[d].benign);
export const HARMFUL_DAMAGE = (Object.keys(PEM_DAMAGE) as PemDamage[]).filter((d) => !PEM_DAMAGE[d].benign);

const BOM = '\ufeff';

const TEXT_BEFORE = [
  'Bag Attributes\n    localKeyID: 01 00 00 00\n    friendlyName: registry\nsubject=CN = reg.example.com\nissuer=O = certsd corpus, CN = Example Root CA A\n',
  ' 0 s:CN = reg.example.com\n   i:O = certsd corpus, CN = Example Intermediate CA A1\n',
  '# Example Root CA A, installed by the platform team\n',
  'Here is the CA certificate you asked for:\n\n',
  'subject=/O=certsd corpus/CN=Example Root CA A\n',
];
const TEXT_AFTER = ['\n# end of bundle\n', '\n--\nPlatform team\n', 'Certificate fingerprint (SHA-256): 00:11:22:33\n', '\n\n\n'];
const TEXT_BETWEEN = ['\n# intermediate follows\n', '\n', 'subject=CN = Example Intermediate CA A1\n', '   \n'];

interface Block {
  start: number;
  bodyStart: number;
  endLine: number;
  end: number;
}

/** The PEM blocks of `text`: BEGIN line start, body start, END line start, end after END line. */
export function pemBlocks(text: string): Block[] {
  const out: Block[] = [];
  const re = /-----BEGIN [^\n-]+-----\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const endLine = text.indexOf('-----END ', m.index);
    if (endLine < 0) break;
    const nl = text.indexOf('\n', endLine);
    const end = nl < 0 ? text.length : nl + 1;
    out.push({ start: m.index, bodyStart: m.index + m[0].length, endLine, end });
    re.lastIndex = end;
  }
  return out;
}

/**
 * Applies one damage to PEM text. Returns the damage actually applied: `text-between` on a file
 * with one block becomes `text-after`, and a damage that needs a block does nothing (undefined)
 * when there is none.
 */
export function damagePem(rng: Prng, text: string, d: PemDamage): { text: string; applied?: PemDamage } {
  const blocks = pemBlocks(text);
  const b = blocks.length ? rng.pick(blocks) : undefined;
  const last = blocks[blocks.length - 1];
  switch (d) {
    case 'crlf':
      return { text: text.replace(/\r?\n/g, '\r\n'), applied: d };
    case 'no-final-newline':
      return { text: text.replace(/(\r?\n)+$/, ''), applied: d };
    case 'bom':
      return { text: BOM + text, applied: d };
    case 'bom-crlf':
      return { text: BOM + text.replace(/\r?\n/g, '\r\n'), applied: d };
    case 'text-before':
      return { text: rng.pick(TEXT_BEFORE) + text, applied: d };
    case 'text-after':
      return { text: text + rng.pick(TEXT_AFTER), applied: d };
    case 'text-between': {
      if (blocks.length < 2) return damagePem(rng, text, 'text-after');
      const at = blocks[1 + rng.int(blocks.length - 1)].start;
      return { text: text.slice(0, at) + rng.pick(TEXT_BETWEEN) + text.slice(at), applied: d };
    }
  }
  if (!b) return { text };
  const body = text.slice(b.bodyStart, b.endLine);
  const splice = (from: number, to: number, s: string): string => text.slice(0, from) + s + text.slice(to);
  switch (d) {
    case 'pem-headers': {
      const headers = rng.pick(['Subject: CN=Example Root CA A\nIssuer: CN=Example Root CA A\n\n', 'Comment: exported by the registry portal\n\n', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00000000000000000000000000000000\n\n']);
      return { text: splice(b.bodyStart, b.bodyStart, headers), applied: d };
    }
    case 'indented': {
      const pad = rng.pick(['    ', '  ', '\t']);
      return { text: text.replace(/^(?=.)/gm, pad), applied: d };
    }
    case 'indented-body':
      return { text: splice(b.bodyStart, b.endLine, body.replace(/^(?=.)/gm, '  ')), applied: d };
    case 'no-end':
      return { text: splice(b.endLine, b.end, ''), applied: d };
    case 'end-no-dashes': {
      const line = text.slice(b.endLine, b.end);
      return { text: splice(b.endLine, b.end, line.replace(/-----\n?$/, rng.pick(['\n', '----\n', '']))), applied: d };
    }
    case 'bad-padding': {
      const trimmed = body.replace(/\n$/, '');
      const fixed = trimmed.endsWith('=') ? trimmed.replace(/=+$/, '') : trimmed + '==';
      return { text: splice(b.bodyStart, b.endLine, fixed + '\n'), applied: d };
    }
    case 'truncated': {
      const cut = last.bodyStart + 1 + rng.int(Math.max(1, last.endLine - last.bodyStart - 2));
      return { text: text.slice(0, cut), applied: d };
    }
    case 'type-x509-certificate':
    case 'type-trusted-certificate':
    case 'type-lowercase': {
      const type = d === 'type-x509-certificate' ? 'X509 CERTIFICATE' : d === 'type-trusted-certificate' ? 'TRUSTED CERTIFICATE' : 'certificate';
      const block = text.slice(b.start, b.end).replace(/(BEGIN|END) CERTIFICATE-----/g, `$1 ${type}-----`);
      return { text: splice(b.start, b.end, block), applied: d };
    }
  }
  return { text };
}

// ---------------------------------------------------------------------------------------------
// Byte-level mutations

export const MUTATIONS = ['flip', 'cut', 'dup-line', 'del-line'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/**
 * One random mutation. Line mutations apply to text (PEM) files; on binary files (DER: any NUL
 * byte, which every DER certificate and key has) they flip a byte instead. That test depends on
 * the file's kind, never on its random bytes, so the labels stay the same for one seed.
 */
export function mutate(rng: Prng, b: Buffer, m: Mutation): { bytes: Buffer; applied: Mutation } {
  if (b.length < 2) return { bytes: b, applied: m };
  if ((m === 'dup-line' || m === 'del-line') && b.includes(0)) m = 'flip';
  const lines: Buffer[] = [];
  for (let at = 0; at < b.length; ) {
    const nl = b.indexOf(0x0a, at);
    const end = nl < 0 ? b.length : nl + 1;
    lines.push(b.subarray(at, end));
    at = end;
  }
  switch (m) {
    case 'flip': {
      const out = Buffer.from(b);
      out[rng.int(out.length)] ^= 1 + rng.int(255);
      return { bytes: out, applied: m };
    }
    case 'cut':
      return { bytes: Buffer.from(b.subarray(0, 1 + rng.int(b.length - 1))), applied: m };
    case 'dup-line': {
      const i = rng.int(lines.length);
      return { bytes: Buffer.concat([...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)]), applied: m };
    }
    case 'del-line': {
      const i = rng.int(lines.length);
      return { bytes: Buffer.concat([...lines.slice(0, i), ...lines.slice(i + 1)]), applied: m };
    }
  }
}

/** A macOS AppleDouble (`._name`) file: the 0x00051607 header, then resource-fork-like junk. */
export function appleDouble(rng: Prng): Buffer {
  const header = Buffer.alloc(26 + 12 * 2);
  header.writeUInt32BE(0x00051607, 0);
  header.writeUInt32BE(0x00020000, 4);
  header.write('Mac OS X        ', 8, 'latin1');
  header.writeUInt16BE(2, 24);
  const size = 82 + rng.int(4000);
  // entry 9 (Finder info) and entry 2 (resource fork)
  header.writeUInt32BE(9, 26);
  header.writeUInt32BE(50, 30);
  header.writeUInt32BE(32, 34);
  header.writeUInt32BE(2, 38);
  header.writeUInt32BE(82, 42);
  header.writeUInt32BE(size - 82, 46);
  return Buffer.concat([header, rng.bytes(size - header.length)]);
}

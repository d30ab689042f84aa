/**
 * The Go-model tests state the text Go 1.26 prints for each input. To re-check those texts against
 * real Go, run the tests with CERTSD_GO_VECTORS=/some/file.jsonl: every case is appended there as
 * one JSON line ({ name, kind: 'cert' | 'key' | 'pair', godebug, der | certPem + keyPem, expect,
 * detail }), for a small Go program to feed to x509.ParseCertificate, the three x509 key parsers
 * (then tls's order), or tls.X509KeyPair, and compare.
 */
import * as fs from 'node:fs';

export interface GoVector {
  name: string;
  kind: 'cert' | 'key' | 'pair';
  godebug?: string;
  der?: Uint8Array;
  certPem?: string;
  keyPem?: string;
  /** 'ok', 'ok:<key type>' for keys, or the error text. */
  expect: string;
  /** For keys: what each x509 parser says ('ok' or its error). */
  detail?: Record<string, string>;
}

const target = process.env.CERTSD_GO_VECTORS;

export function recordGoVector(v: GoVector): void {
  if (!target) return;
  const line = JSON.stringify({ ...v, godebug: v.godebug ?? '', der: v.der ? Buffer.from(v.der).toString('base64') : '' });
  fs.appendFileSync(target, line + '\n');
}

/**
 * The Go-model tests state the text Go 1.26 prints for each input. To re-check those texts against
 * real Go, run the tests with CERTSD_GO_VECTORS=/some/file.jsonl: every case is appended there as
 * one JSON line ({ name, kind, godebug, der | certPem + keyPem, expect, detail, ... }), for a small
 * Go program to feed to x509.ParseCertificate, the three x509 key parsers (then tls's order),
 * tls.X509KeyPair, Certificate.Verify, VerifyHostname, CheckSignatureFrom, net.ParseIP, net.SplitHostPort or IP.IsLoopback, and compare.
 */
import * as fs from 'node:fs';

export interface GoVector {
  name: string;
  kind: 'cert' | 'key' | 'pair' | 'verify' | 'hostname' | 'signature' | 'parseip' | 'splithostport' | 'loopback';
  godebug?: string;
  der?: Uint8Array;
  certPem?: string;
  keyPem?: string;
  /** 'ok', 'ok:<key type>' for keys, or the error text. */
  expect: string;
  /** For keys: what each x509 parser says ('ok' or its error). */
  detail?: Record<string, string>;
  /** verify: the pools (der is the leaf), the server name, the time (RFC 3339); hostname: the name. */
  roots?: Uint8Array[];
  intermediates?: Uint8Array[];
  dnsName?: string;
  now?: string;
  /** signature: the parent certificate (der is the child). */
  parent?: Uint8Array;
  /** parseip, splithostport, loopback: the text. */
  text?: string;
}

const target = process.env.CERTSD_GO_VECTORS;

export function recordGoVector(v: GoVector): void {
  if (!target) return;
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  const line = JSON.stringify({ ...v, godebug: v.godebug ?? '', der: v.der ? b64(v.der) : '', roots: v.roots?.map(b64), intermediates: v.intermediates?.map(b64), parent: v.parent && b64(v.parent) });
  fs.appendFileSync(target, line + '\n');
}

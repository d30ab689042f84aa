/**
 * Octet tables for the name-constraint checks of x509.ParseCertificate: each table builds one
 * certificate per octet value, and `refused` lists (in hex ranges) the octets for which Go 1.26's
 * ParseCertificate refused that certificate. The lists were taken from Go itself, by feeding the
 * same DER to a small standard-library program (x509.ParseCertificate, error or not).
 */
import * as d from './der';
import { build, p256 } from './goModelsA';

export interface OctetTable {
  name: string;
  /** Octet values 0 .. upTo-1. */
  upTo: number;
  der: (b: number) => Buffer;
  refused: string;
}

const cert = (extensions: d.Der[]) => build({ signer: p256(1), subject: 'table', issuer: 'table', extensions });
const constraint = (tag: number, value: Uint8Array) => cert([d.extension(d.OID.nameConstraints, d.seq(d.ctx(0, d.seq(d.ctxPrim(tag, value)))), true)]);
const text = (s: string, b: number) => Buffer.from(s.replace('?', String.fromCharCode(b)), 'latin1');

const DNS = 2;
const EMAIL = 1;
const URI = 6;
const IP = 7;

export const TABLES: OctetTable[] = [
  { name: 'dnsName constraint "a?b.test"', upTo: 256, der: (b) => constraint(DNS, text('a?b.test', b)), refused: '00-20 7f-ff' },
  { name: 'dnsName constraint "?x.test"', upTo: 128, der: (b) => constraint(DNS, text('?x.test', b)), refused: '00-20 7f' },
  { name: 'dnsName constraint "x.test?"', upTo: 128, der: (b) => constraint(DNS, text('x.test?', b)), refused: '00-20 2e 7f' },
  { name: 'dnsName constraint "?"', upTo: 128, der: (b) => constraint(DNS, text('?', b)), refused: '00-20 2e 7f' },
  { name: 'rfc822Name constraint "\\"a?\\"@x.test"', upTo: 128, der: (b) => constraint(EMAIL, text('"a?"@x.test', b)), refused: '00 09-0a 0d 22 5c' },
  { name: 'rfc822Name constraint "\\"a\\\\?\\"@x.test"', upTo: 128, der: (b) => constraint(EMAIL, text('"a\\?"@x.test', b)), refused: '00 0a 0d' },
  { name: 'rfc822Name constraint "a?b@x.test"', upTo: 128, der: (b) => constraint(EMAIL, text('a?b@x.test', b)), refused: '00-20 22 28-29 2c 3a-3c 3e 5b 5d 7f' },
  { name: 'rfc822Name constraint "a\\\\?b@x.test"', upTo: 128, der: (b) => constraint(EMAIL, text('a\\?b@x.test', b)), refused: '' },
  { name: 'rfc822Name constraint "?a@x.test"', upTo: 128, der: (b) => constraint(EMAIL, text('?a@x.test', b)), refused: '00-20 22 28-29 2c 2e 3a-3c 3e 40 5b 5d 7f' },
  { name: 'rfc822Name constraint "a@x?y.test"', upTo: 128, der: (b) => constraint(EMAIL, text('a@x?y.test', b)), refused: '00-20 7f' },
  { name: 'rfc822Name constraint "a@?"', upTo: 128, der: (b) => constraint(EMAIL, text('a@?', b)), refused: '00-20 2e 7f' },
  { name: 'rfc822Name constraint "x?y.test"', upTo: 128, der: (b) => constraint(EMAIL, text('x?y.test', b)), refused: '00-20 7f' },
  { name: 'URI constraint "x?y.test"', upTo: 128, der: (b) => constraint(URI, text('x?y.test', b)), refused: '00-20 7f' },
  { name: 'URI constraint "1.2.3.?"', upTo: 128, der: (b) => constraint(URI, text('1.2.3.?', b)), refused: '00-20 2e 30-39 7f' },
  { name: 'IP constraint mask, first octet', upTo: 256, der: (b) => constraint(IP, Uint8Array.of(10, 0, 0, 0, b, 0, 0, 0)), refused: '01-7f 81-bf c1-df e1-ef f1-f7 f9-fb fd' },
  { name: 'IP constraint mask, octet after 0xff', upTo: 256, der: (b) => constraint(IP, Uint8Array.of(10, 0, 0, 0, 0xff, b, 0, 0)), refused: '01-7f 81-bf c1-df e1-ef f1-f7 f9-fb fd' },
  { name: 'IP constraint mask, octet after 0x80', upTo: 256, der: (b) => constraint(IP, Uint8Array.of(10, 0, 0, 0, 0x80, b, 0, 0)), refused: '01-ff' },
  { name: 'IPv6 constraint mask, last octet', upTo: 256, der: (b) => constraint(IP, Uint8Array.from([...new Array(16).fill(0), ...new Array(15).fill(0xff), b])), refused: '01-7f 81-bf c1-df e1-ef f1-f7 f9-fb fd' },
];

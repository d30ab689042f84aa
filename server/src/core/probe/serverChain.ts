/**
 * What Go's tls client does with the certificates the server sent (handshake_client.go
 * verifyServerCertificate): parse each with x509.ParseCertificate, refuse RSA keys over 8192 bits,
 * then Verify with VerifyOptions{DNSName: ServerName, Intermediates: the rest of the chain,
 * Roots: RootCAs} unless InsecureSkipVerify, then refuse key types it cannot use.
 */
import { DerInput, TAG } from '../go/asn1';
import { GoCertPool, PoolCert, sha256Of } from '../go/certPool';
import { GoParseOptions } from '../go/godebug';
import { formatName, parseName } from '../go/name';
import { GoCertificate } from '../go/parseCertificate';
import { goVerify, verifyHostname, VerifyError } from '../go/verify';
import { CertFacts, parseCertificate } from '../go/x509';
import { ChainCertificate, TlsReport } from './report';
import { isoSeconds } from '../dates';

export interface ServerChainCheck {
  /** Go's error, as the handshake returns it; undefined when the chain is accepted. */
  error?: string;
  /** The Verify error behind it (for advice). */
  verifyError?: VerifyError;
  certs: CertFacts[];
  chain: ChainCertificate[];
  verified: boolean;
  anchor: TlsReport['anchor'];
  nameCheck: TlsReport['nameCheck'];
  unmodelled: string[];
}

export function describeCertificate(c: CertFacts): ChainCertificate {
  return { subject: c.subject, issuer: c.issuer, notBefore: isoSeconds(c.notBefore), notAfter: isoSeconds(c.notAfter), sha256: sha256Of(c.der), isCA: c.isCA };
}

/** A DER Name (as in a CertificateRequest) as text, or its hex when it does not parse. */
export function nameText(der: Buffer): string {
  const el = DerInput.of(der).read(TAG.SEQUENCE);
  const n = el ? parseName(der, { ...el, header: 0 }) : undefined;
  return n && n.ok ? formatName(n.rdns).split('\n').join(', ') : der.toString('hex');
}

const DEFAULT_MAX_RSA_KEY_SIZE = 8192;

const GO_KEY_TYPE: Record<string, string> = { dsa: '*dsa.PublicKey', unknown: '<nil>' };

export interface ServerChainOptions {
  serverName: string;
  roots: GoCertPool;
  skipVerify: boolean;
  now: Date;
  go: GoParseOptions;
  localOffsetMinutes?: number;
}

// Go: handshake_client.go (*Conn).verifyServerCertificate
export function checkServerChain(ders: Buffer[], o: ServerChainOptions): ServerChainCheck {
  const out: ServerChainCheck = { certs: [], chain: [], verified: false, anchor: null, nameCheck: null, unmodelled: [] };
  const parsed: GoCertificate[] = [];
  for (const der of ders) {
    const p = parseCertificate(der, o.go);
    if (!p.ok || !p.value.go) return { ...out, error: `tls: failed to parse certificate from server: ${p.ok ? 'unparsed' : p.error}` };
    out.certs.push(p.value);
    out.chain.push(describeCertificate(p.value));
    parsed.push(p.value.go);
    const key = p.value.go.publicKey;
    if (key.type === 'rsa' && key.bits > DEFAULT_MAX_RSA_KEY_SIZE) {
      return { ...out, error: `tls: server sent certificate containing RSA key larger than ${DEFAULT_MAX_RSA_KEY_SIZE} bits` };
    }
  }
  if (parsed.length === 0) return { ...out, error: 'tls: server sent no certificate' };
  const leaf = parsed[0];
  const name = verifyHostname(leaf, o.serverName);
  out.nameCheck = { name: o.serverName, ok: name.ok, matched: name.ok ? name.matched : null, error: name.ok ? null : name.error };
  if (!o.skipVerify) {
    const intermediates = new GoCertPool();
    parsed.slice(1).forEach((c, i) => intermediates.add(c, { kind: 'server', index: i + 1 }));
    const leafNode: PoolCert = { cert: leaf, sha256: sha256Of(leaf.der), source: { kind: 'server', index: 0 } };
    const r = goVerify(leafNode, { dnsName: o.serverName, roots: o.roots, intermediates, now: o.now, go: o.go, localOffsetMinutes: o.localOffsetMinutes });
    out.unmodelled.push(...r.unmodelled);
    if (!r.ok) {
      const { ok: _ok, unmodelled: _u, ...verifyError } = r;
      return { ...out, error: `tls: failed to verify certificate: ${r.error}`, verifyError };
    }
    out.verified = true;
    const top = r.chains[0][r.chains[0].length - 1];
    const src = top.source;
    const subject = parseCertificate(Buffer.from(top.cert.der), o.go);
    out.anchor = {
      subject: subject.ok ? subject.value.subject : '',
      sha256: top.sha256,
      source: src.kind === 'system' ? 'system' : 'folder',
      path: src.path ?? null,
    };
  }
  const t = leaf.publicKey.type;
  if (t !== 'rsa' && t !== 'ec' && t !== 'ed25519') return { ...out, error: `tls: server's certificate contains an unsupported type of public key: ${GO_KEY_TYPE[t] ?? t}` };
  return out;
}

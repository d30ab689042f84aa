/**
 * The probe's report: the JSON contract of `certsd probe --format json` (issue 8) and what the
 * editor shows. Keys are only ever added. `endpoints` has every host the engine tries, in its
 * order; `ok` says every mirror and the registry answered (a fallback counts when the registry's
 * own endpoint failed). The top-level `error`, `tls`, `http` and `clientCertificate` describe the
 * endpoint that decides: the first that failed and matters, else the registry's own.
 */

export interface ChainCertificate {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  isCA: boolean;
}

export interface TlsReport {
  /** `TLS 1.3`, as Go names versions (the probe's own handshake; Go negotiates the same version with the same server). */
  version: string | null;
  /** The suite node:tls negotiated (Go's client prefers AES-128-GCM, so it may differ). */
  cipher: string | null;
  /** SNI sent (none for IP addresses, as Go does). */
  serverName: string | null;
  /** The certificates the server sent, in its order. */
  chain: ChainCertificate[];
  /** Go's Verify accepted the chain (false when the engine does not verify at all: see skipVerify). */
  verified: boolean;
  skipVerify: boolean;
  /** The trust anchor of the first verified chain, and where it came from. */
  anchor: { subject: string; sha256: string; source: 'folder' | 'system'; path: string | null } | null;
  /** VerifyHostname on the leaf. */
  nameCheck: { name: string; ok: boolean; matched: string | null; error: string | null } | null;
  /** The server asked for a client certificate. */
  clientCertificateRequested: boolean;
  /** The CA names it said it accepts (subjects as text), in its order. */
  acceptableCAs: string[];
  /** Parts of Go's decision certsd does not model for this chain (name constraints, ...). */
  unmodelled: string[];
}

export interface HttpReport {
  status: number | null;
  statusText?: string;
  /** `Docker-Distribution-API-Version`, when the server sent it. */
  apiVersion?: string;
  /** What the answer means, in a few words. */
  meaning?: string;
  /** The connection fell back to plain HTTP (containerd's HTTP fallback). */
  plainHttp?: boolean;
}

export type AdviceFix =
  /** Append a certificate to a CA file (only after the user saw subject and fingerprint and confirmed). */
  | { kind: 'add-ca'; path: string; subject: string; sha256: string; pem: string; createsFile: boolean }
  /** An editor command (e.g. certsd.generateClientPair) with its arguments. */
  | { kind: 'command'; command: string; title: string; arguments: unknown[] }
  | { kind: 'rename'; from: string; to: string };

export interface Advice {
  code: string;
  message: string;
  fix?: AdviceFix;
}

export interface EndpointReport {
  url: string;
  /** `fallback`: tried only when the registry's own endpoint fails (moby's plain HTTP for insecure registries). */
  role: 'mirror' | 'registry' | 'fallback';
  /** Where the TCP connection went (--connect-to, or the host itself). */
  address: string;
  ok: boolean;
  error: string | null;
  tls: TlsReport | null;
  http: HttpReport;
  /** The .cert file Go sends, or null. */
  clientCertificate: string | null;
  /** Why each earlier pair was not sent (Go's SupportsCertificate errors), in pair order. */
  clientCertificatesPassedOver: { file: string; reason: string }[];
  notes: string[];
  millis: number;
}

export interface FolderReport {
  /** The folder the engine reads for this reference, or null. */
  path: string | null;
  /** Every folder the engine looks for, in order. */
  tried: string[];
  read: boolean;
  /** The engine never reads certs.d for this reference. */
  skipped?: 'docker-hub' | 'loopback';
}

export interface ProbeReport {
  host: string;
  ok: boolean;
  error: string | null;
  /** `docker@29`, `containerd@2`, ... and for Docker whose code reads the folder for pulls. */
  engine: string;
  loader: string;
  folder: FolderReport;
  systemRoots: { file: string | null; directories: string[]; certificates: number };
  tls: TlsReport | null;
  http: HttpReport;
  clientCertificate: string | null;
  endpoints: EndpointReport[];
  advice: Advice[];
  millis: number;
}

/**
 * A small PKI shared by the unit tests, made once per process: a registry CA, a server certificate
 * and a client pair issued by it. Tests that need something special make their own with pki.ts.
 */
import { TreeSpec } from './tree';
import { clientCert, rsaKey, selfSignedCa, serverCert, TestCert } from './pki';

export const REGISTRY = 'reg.example.com:5000';

export interface CommonPki {
  /** Self-signed RSA 2048 CA, CN "Registry CA". */
  ca: TestCert;
  /** Server certificate for reg.example.com (SAN and CN), issued by `ca`. */
  server: TestCert;
  /** Client certificate (clientAuth), CN "client", issued by `ca`, key rsaKey(2048, 2). */
  client: TestCert;
}

let common: Promise<CommonPki> | undefined;

export function commonPki(): Promise<CommonPki> {
  common ??= (async () => {
    const ca = await selfSignedCa({ commonName: 'Registry CA', key: rsaKey(2048, 0) });
    const server = await serverCert(ca, 'reg.example.com', { key: rsaKey(2048, 1) });
    const client = await clientCert(ca, { key: rsaKey(2048, 2) });
    return { ca, server, client };
  })();
  return common;
}

/** A certs.d tree: `{ 'certs.d': hosts }`. */
export function certsd(hosts: TreeSpec): TreeSpec {
  return { 'certs.d': hosts };
}

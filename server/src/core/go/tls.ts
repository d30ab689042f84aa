/**
 * The two Go functions every engine funnels certs.d files through:
 * x509.CertPool.AppendCertsFromPEM (for *.crt) and tls.X509KeyPair (for *.cert + *.key).
 */
import { FileFacts } from '../facts';
import { isPrivateKeyType, PemBlock } from './pem';
import { CertFacts, keyMatchesCertificate, PrivateKeyFacts } from './x509';

export interface AppendResult {
  /** CERTIFICATE blocks that became trust anchors. */
  added: { block: PemBlock; cert: CertFacts }[];
}

/** crypto/x509 AppendCertsFromPEM: CERTIFICATE blocks without headers that parse; the rest is skipped silently. */
export function appendCertsFromPEM(file: FileFacts): AppendResult {
  const added: AppendResult['added'] = [];
  for (const block of file.blocks) {
    if (block.type !== 'CERTIFICATE' || block.headerCount !== 0) continue;
    const parsed = file.certificate(block);
    if (parsed.ok) added.push({ block, cert: parsed.value });
  }
  return { added };
}

export type KeyPairResult =
  | { ok: true; leaf: CertFacts; leafBlock: PemBlock; chain: number; key: PrivateKeyFacts; keyBlock: PemBlock }
  | { ok: false; error: string; /** which input the error is about */ blame: 'cert' | 'key' | 'pair'; block?: PemBlock };


/** crypto/tls X509KeyPair(certPEMBlock, keyPEMBlock), with Go's error texts. */
export function x509KeyPair(certFile: FileFacts, keyFile: FileFacts): KeyPairResult {
  const certBlocks: PemBlock[] = [];
  const skipped: string[] = [];
  for (const b of certFile.blocks) {
    if (b.type === 'CERTIFICATE') certBlocks.push(b);
    else skipped.push(b.type);
  }
  if (certBlocks.length === 0) {
    if (skipped.length === 0) return { ok: false, blame: 'cert', error: 'tls: failed to find any PEM data in certificate input' };
    if (skipped.length === 1 && skipped[0].endsWith('PRIVATE KEY')) {
      return {
        ok: false,
        blame: 'cert',
        error: 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
      };
    }
    return {
      ok: false,
      blame: 'cert',
      error: `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`,
    };
  }

  const keySkipped: string[] = [];
  let keyBlock: PemBlock | undefined;
  for (const b of keyFile.blocks) {
    if (isPrivateKeyType(b.type)) {
      keyBlock = b;
      break;
    }
    keySkipped.push(b.type);
  }
  if (!keyBlock) {
    if (keySkipped.length === 0) return { ok: false, blame: 'key', error: 'tls: failed to find any PEM data in key input' };
    if (keySkipped.length === 1 && keySkipped[0] === 'CERTIFICATE') {
      return { ok: false, blame: 'key', error: 'tls: found a certificate rather than a key in the PEM for the private key' };
    }
    return {
      ok: false,
      blame: 'key',
      error: `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${keySkipped.join(' ')}]`,
    };
  }

  const leafBlock = certBlocks[0];
  const leaf = certFile.certificate(leafBlock);
  if (!leaf.ok) return { ok: false, blame: 'cert', error: leaf.error, block: leafBlock };
  const key = keyFile.privateKey(keyBlock);
  if (!key.ok) return { ok: false, blame: 'key', error: key.error, block: keyBlock };
  const mismatch = keyMatchesCertificate(leaf.value, key.value);
  if (mismatch) return { ok: false, blame: 'pair', error: mismatch, block: keyBlock };
  return { ok: true, leaf: leaf.value, leafBlock, chain: certBlocks.length, key: key.value, keyBlock };
}

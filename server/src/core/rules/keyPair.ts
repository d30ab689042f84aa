import * as path from 'node:path';
import { FileFacts } from '../facts';
import { GO_CURVE_NAMES, privateKeyDetails } from '../go/der';
import { isEncryptedKey, isPrivateKeyType } from '../go/pem';
import { HostRule } from './rule';
import { blockRange, brokenBase64, engineFails, keyMatchesLaterCertificate } from './util';
import { t } from '../l10n';

/** The named curve of a file's first private key when Go does not implement it (secp256k1, brainpool). */
function keyCurve(keyFile: FileFacts): string | undefined {
  const block = keyFile.blocks.find((b) => isPrivateKeyType(b.type));
  const curve = block ? privateKeyDetails(block.bytes)?.curve : undefined;
  return curve && !Object.values(GO_CURVE_NAMES).includes(curve) ? curve : undefined;
}

function advise(error: string, certFile: FileFacts, keyFile: FileFacts | undefined, keyPath: string | undefined, hostsToml: boolean): string {
  const cert = path.basename(certFile.path);
  const key = keyPath ? path.basename(keyPath) : undefined;
  if (error.includes('PEM inputs may have been switched')) return key ? t('{0} holds a private key: the contents of {0} and {1} look swapped.', cert, key) : t('{0} holds a private key: the contents of {0} and its key look swapped.', cert);
  if (error.includes('certificate rather than a key')) {
    if (key) return t('{0} holds a certificate, not a private key.', key);
    // The string form `client = "x.cert"` names one file for both halves.
    if (hostsToml) return t('hosts.toml names {0} alone under "client", so containerd reads the private key from {0} too: name the key file with it ({1}), or list {0} under "ca" if it is a CA certificate.', cert, `client = [["${cert}", "<key file>"]]`);
    return t('containerd reads the private key from {0} itself when there is no {1}: add the key file, or rename {0} to .crt if it is a CA.', cert, cert.replace(/\.cert$/, '.key'));
  }
  if (error.includes('failed to find any PEM data in certificate input')) {
    return certFile.derCertificate?.ok ? t('{0} is DER (binary): the engines read PEM only. Convert it to PEM.', cert) : t('{0} holds no PEM data.', cert);
  }
  if (error.includes('failed to find any PEM data in key input')) return t('{0} holds no PEM data (a DER key?): convert it to PEM.', String(key));
  if (error.includes('failed to parse private key')) {
    const encrypted = keyFile?.blocks.some(isEncryptedKey);
    if (encrypted) return t('{0} is encrypted, and the engines cannot ask for a passphrase: store it unencrypted (mode 0600).', String(key));
    if (keyFile?.blocks.some((b) => b.type === 'OPENSSH PRIVATE KEY')) {
      return t("{0} is in OpenSSH's own format, which Go does not read: convert it in place with {1} (keep a copy first).", String(key), `\`ssh-keygen -p -m PKCS8 -f ${key}\``);
    }
    const curve = keyFile && keyCurve(keyFile);
    if (curve) return t('{0} is an EC key on {1}, a curve Go does not implement: use ECDSA P-256, P-384 or P-521, RSA or Ed25519.', String(key), curve);
    return t('{0} is not a key Go reads: use PKCS#1, PKCS#8 (RSA, ECDSA P-256/384/521, Ed25519) or SEC1.', String(key));
  }
  if (error.includes('unknown private key type')) return t('{0} is an X25519 key, which cannot sign: use RSA, ECDSA or Ed25519.', String(key));
  if (error.includes('type does not match')) return t('{0} is not the same kind of key as the certificate in {1}.', String(key), cert);
  if (error.includes('does not match public key')) {
    // K9: the first CERTIFICATE block is taken as the leaf; a chain in the wrong order fails here.
    const laterMatch = !!keyFile && keyMatchesLaterCertificate(certFile, keyFile);
    return laterMatch
      ? t("The key matches a later certificate in {0}: the client's own certificate must come first, then its chain.", cert)
      : t('{0} belongs to another certificate: put the matching pair side by side.', String(key));
  }
  return t('The certificate in {0} cannot be parsed.', cert);
}

/** K4-K9: tls.X509KeyPair refuses a client pair. */
export const keyPair: HostRule = {
  code: 'certsd/invalid-key-pair',
  severity: 'error',
  scope: 'host',
  engines: ['docker', 'podman', 'containerd'],
  description: 'A client certificate and its key do not load as a pair (wrong format, encrypted, swapped, mismatched).',
  check({ load, actor, cache, report }) {
    for (const pair of load.pairs) {
      const result = pair.result;
      if (!result || result.ok) continue;
      const certFile = cache.file(pair.cert.path);
      const keyFile = pair.keyPath ? cache.file(pair.keyPath) : undefined;
      const blamed = result.blame === 'cert' || !keyFile ? certFile : keyFile;
      const err = load.errors.find((e) => e.kind === 'key-pair' && e.path === blamed.path);
      // "failed to find any PEM data": a block Go skipped for its base64 is shown at the line that breaks it.
      const broken = result.error.includes('failed to find') ? brokenBase64(blamed) : undefined;
      report({
        path: blamed.path,
        range: result.block && blamed.blocks.includes(result.block) ? blockRange(blamed, result.block) : (broken?.range ?? blamed.firstLine),
        summary: t('The whole folder is refused: {0} and its key do not load as a pair', path.basename(pair.cert.path)),
        message: t(
          '{0}. {1}',
          engineFails(actor, err?.message ?? result.error, load),
          broken
            ? t('Line {0} of {1} breaks the base64 of its {2} block (a character lost, added or changed), so Go skips the block: copy it again.', broken.line + 1, path.basename(blamed.path), broken.type)
            : advise(result.error, certFile, keyFile, pair.keyPath, load.hostsToml),
        ),
      });
    }
  },
};

/**
 * Writes N host folders, each with ca.crt (two CA certificates), client.cert and client.key,
 * RSA-2048 and EC P-256 alternating. Keys come from a small pool (RSA generation is slow); every
 * certificate is distinct. Run as `node --import tsx generate.ts <root> <count>`.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

x509.cryptoProvider.set(crypto.webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const RSA: crypto.webcrypto.RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC: crypto.webcrypto.EcKeyGenParams & { hash: string } = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

async function pool(alg: crypto.webcrypto.RsaHashedKeyGenParams | crypto.webcrypto.EcKeyGenParams, n: number): Promise<crypto.webcrypto.CryptoKeyPair[]> {
  const out: crypto.webcrypto.CryptoKeyPair[] = [];
  for (let i = 0; i < n; i++) out.push((await crypto.webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as crypto.webcrypto.CryptoKeyPair);
  return out;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

export async function generateTree(root: string, count: number): Promise<void> {
  const rsa = await pool(RSA, 4);
  const ec = await pool(EC, 4);
  const notBefore = new Date(Date.now() - 86_400_000);
  const notAfter = new Date(Date.now() + 365 * 86_400_000);
  let serial = 1;
  for (let i = 0; i < count; i++) {
    const useRsa = i % 2 === 0;
    const keys = useRsa ? rsa : ec;
    const alg = useRsa ? RSA : EC;
    const host = `registry-${i}.example.com:5000`;
    const dir = path.join(root, host);
    fs.mkdirSync(dir, { recursive: true });
    const cas: x509.X509Certificate[] = [];
    for (let c = 0; c < 2; c++) {
      const k = keys[(i + c) % keys.length];
      cas.push(
        await x509.X509CertificateGenerator.createSelfSigned({
          serialNumber: (serial++).toString(16).padStart(4, '0'),
          name: `CN=Registry ${i} CA ${c}`,
          notBefore,
          notAfter,
          keys: k,
          signingAlgorithm: alg,
          extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
        }),
      );
    }
    const clientKeys = keys[(i + 2) % keys.length];
    const client = await x509.X509CertificateGenerator.create({
      serialNumber: (serial++).toString(16).padStart(4, '0'),
      subject: `CN=client ${i}`,
      issuer: cas[0].subject,
      notBefore,
      notAfter,
      signingKey: keys[i % keys.length].privateKey,
      publicKey: clientKeys.publicKey,
      signingAlgorithm: alg,
      extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
    });
    fs.writeFileSync(path.join(dir, 'ca.crt'), cas.map((c) => c.toString('pem') + '\n').join(''));
    fs.writeFileSync(path.join(dir, 'client.cert'), client.toString('pem') + '\n');
    const pkcs8 = await crypto.webcrypto.subtle.exportKey('pkcs8', clientKeys.privateKey);
    fs.writeFileSync(path.join(dir, 'client.key'), pem('PRIVATE KEY', pkcs8), { mode: 0o600 });
  }
}

if (require.main === module) {
  const [root, count] = process.argv.slice(2);
  generateTree(root, Number(count)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

/**
 * @peculiar/x509, set up once: its dependency injection (tsyringe) needs the Reflect polyfill
 * loaded first, and its crypto provider must be Node's WebCrypto (see notes/libraries.md).
 * Only hovers and key generation load this module; the check itself uses node:crypto.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as crypto from 'node:crypto';

x509.cryptoProvider.set(crypto.webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };

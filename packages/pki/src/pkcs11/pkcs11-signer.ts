import { createHash } from 'node:crypto';
import { KeyType, type Module, ObjectClass, type PrivateKey, type Session } from 'graphene-pk11';
import { PkiError } from '../errors.ts';
import { ecdsaRawToDer } from '../keys/ecdsa-signature.ts';
import type { ShaDigestAlgorithm } from '../keys/key-algorithm.ts';
import { signatureAlgorithmIdentifier } from '../keys/signature-algorithm.ts';
import type { Signer } from '../keys/signer.ts';
import { acquire, openSession, pkcs11Error, release } from './pkcs11-session.ts';

export interface Pkcs11SignerOptions {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  tokenLabel: string;
  pin: string;
  /** CKA_LABEL of the private key. */
  keyLabel: string;
  keyType: 'rsa' | 'ec';
  /** Default sha256. */
  digestAlgorithm?: ShaDigestAlgorithm;
}

/** RSA PKCS#1 v1.5 with the hash computed in the token (PKCS#11 v2.40 2.1.11). */
const RSA_MECHANISMS: Readonly<Record<ShaDigestAlgorithm, string>> = {
  sha256: 'SHA256_RSA_PKCS',
  sha384: 'SHA384_RSA_PKCS',
  sha512: 'SHA512_RSA_PKCS',
};

function findKey(session: Session, keyLabel: string, keyType: 'rsa' | 'ec'): PrivateKey {
  const found = session.find({ class: ObjectClass.PRIVATE_KEY, label: keyLabel });
  if (found.length !== 1) {
    throw new PkiError(
      'ERR_PKCS11',
      `expected one private key labelled "${keyLabel}", found ${found.length}`,
    );
  }
  const key = found.items(0).toType<PrivateKey>();
  const expected = keyType === 'rsa' ? KeyType.RSA : KeyType.EC;
  if (key.type !== expected) throw new PkiError('ERR_PKCS11', `key "${keyLabel}" is not an ${keyType} key`);
  return key;
}

/**
 * A Signer whose private key stays in a PKCS#11 token. RSA signs with CKM_SHAxxx_RSA_PKCS; ECDSA signs
 * the locally computed digest with CKM_ECDSA and converts r || s to DER. Signing is synchronous in the
 * token: one session runs one operation at a time (PKCS#11 v2.40 5.2), and JS never interleaves them.
 * Throws ERR_PKCS11.
 */
export function openPkcs11Signer(opts: Pkcs11SignerOptions): Signer & { close(): void } {
  const digestAlgorithm = opts.digestAlgorithm ?? 'sha256';
  let module: Module;
  try {
    module = acquire(opts.library);
  } catch (e) {
    throw pkcs11Error(`cannot load PKCS#11 library ${opts.library}`, e);
  }
  let session: Session;
  let key: PrivateKey;
  try {
    session = openSession(module, opts.tokenLabel, opts.pin);
    try {
      key = findKey(session, opts.keyLabel, opts.keyType);
    } catch (e) {
      session.close();
      throw e;
    }
  } catch (e) {
    release(opts.library);
    throw e instanceof PkiError ? e : pkcs11Error('cannot open the PKCS#11 token', e);
  }

  let open = true;
  const signInToken = (mechanism: string, input: Uint8Array): Buffer => {
    if (!open) throw new PkiError('ERR_PKCS11', 'the PKCS#11 signer is closed');
    try {
      return session
        .createSign(mechanism, key)
        .once(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    } catch (e) {
      throw pkcs11Error('the token refused to sign', e);
    }
  };

  const ecdsaInToken = (digest: Uint8Array): Uint8Array => {
    const raw = signInToken('ECDSA', digest);
    try {
      return ecdsaRawToDer(raw);
    } catch (e) {
      throw pkcs11Error('the token returned a malformed ECDSA signature', e);
    }
  };

  return {
    keyType: opts.keyType,
    digestAlgorithm,
    signatureAlgorithm: signatureAlgorithmIdentifier(opts.keyType, digestAlgorithm),
    sign: async (data) =>
      opts.keyType === 'rsa'
        ? signInToken(RSA_MECHANISMS[digestAlgorithm], data)
        : ecdsaInToken(createHash(digestAlgorithm).update(data).digest()),
    close() {
      if (!open) return;
      open = false;
      // No C_Logout: it would log out every signer of this application; closing the last session does it.
      session.close();
      release(opts.library);
    },
  };
}

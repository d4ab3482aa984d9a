import { createPublicKey, type KeyObject } from 'node:crypto';
import { KeyGenMechanism, KeyType, ObjectClass, type Session } from 'graphene-pk11';
import { PkiError } from '../errors.ts';
import { acquire, openSession, pkcs11Error, release } from './pkcs11-session.ts';

/** Which token to use: the module, the token's label and the user PIN. */
export interface Pkcs11Token {
  library: string;
  tokenLabel: string;
  pin: string;
}

/** DER of the prime256v1 OID: CKA_EC_PARAMS for P-256 (PKCS#11 v2.40 2.3.3). */
const P256_PARAMS = Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);

function withSession<T>(token: Pkcs11Token, work: (session: Session) => T): T {
  let module: ReturnType<typeof acquire>;
  try {
    module = acquire(token.library);
  } catch (e) {
    throw pkcs11Error(`cannot load PKCS#11 library ${token.library}`, e);
  }
  try {
    const session = openSession(module, token.tokenLabel, token.pin);
    try {
      return work(session);
    } finally {
      session.close();
    }
  } finally {
    release(token.library);
  }
}

/**
 * Generates an ECDSA P-256 key pair inside the token, labelled `keyLabel`: the private key is
 * sensitive and non-extractable, so it never leaves the token. Returns the public key. Throws
 * ERR_PKCS11, also when a key with that label already exists.
 */
export function generateTokenKeyPair(token: Pkcs11Token, keyLabel: string): KeyObject {
  return withSession(token, (session) => {
    if (session.find({ class: ObjectClass.PRIVATE_KEY, label: keyLabel }).length > 0) {
      throw new PkiError('ERR_PKCS11', `the token already holds a key labelled "${keyLabel}"`);
    }
    let point: Buffer;
    try {
      const keys = session.generateKeyPair(
        KeyGenMechanism.EC,
        { keyType: KeyType.EC, token: true, verify: true, label: keyLabel, paramsEC: P256_PARAMS },
        {
          keyType: KeyType.EC,
          token: true,
          private: true,
          sign: true,
          sensitive: true,
          extractable: false,
          label: keyLabel,
        },
      );
      point = keys.publicKey.getAttribute({ pointEC: null }).pointEC as Buffer;
    } catch (e) {
      throw pkcs11Error('the token could not generate a key pair', e);
    }
    return ecPublicKey(point);
  });
}

/** CKA_EC_POINT is the uncompressed point, DER OCTET STRING-wrapped by most tokens (SoftHSM2 does). */
function ecPublicKey(ecPoint: Buffer): KeyObject {
  const raw =
    ecPoint.length === 67 && ecPoint[0] === 0x04 && ecPoint[1] === 0x41 ? ecPoint.subarray(2) : ecPoint;
  if (raw.length !== 65 || raw[0] !== 0x04) {
    throw new PkiError(
      'ERR_PKCS11',
      'the token returned an EC point that is not an uncompressed P-256 point',
    );
  }
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
}

/** Destroys every object labelled `keyLabel` (private and public key). Returns how many were destroyed. */
export function destroyTokenKey(token: Pkcs11Token, keyLabel: string): number {
  return withSession(token, (session) => {
    const found = session.find({ label: keyLabel });
    const n = found.length;
    try {
      for (let i = 0; i < n; i++) found.items(i).destroy();
    } catch (e) {
      throw pkcs11Error(`the token could not destroy key "${keyLabel}"`, e);
    }
    return n;
  });
}

// The token's signing keys as the helper shows them: addressed by CKA_ID (hex), described by their
// public key's SubjectPublicKeyInfo, and used to sign with the hash the page asks for.
import { createHash, createPublicKey, type KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { bitString, ecdsaRawToDer, OID, oid, parseDer, readOid, sequence, Tag } from '@openseal/pki';
import {
  KeyGenMechanism,
  KeyType,
  ObjectClass,
  type PrivateKey,
  type Session,
  type SessionObject,
} from 'graphene-pk11';
import { type TokenAccess, tokenFailure } from './token-access.ts';
import { TokenHelperError } from './token-helper-error.ts';

/** A private key of the token the page can use, as GET /v1/info lists it. */
export interface TokenKeyInfo {
  /** CKA_ID, lowercase hex. */
  id: string;
  label: string;
  keyType: 'ec' | 'rsa';
  /** SHA-256 of the DER SubjectPublicKeyInfo, hex; null when the token holds no public key for it. */
  spkiSha256: string | null;
}

/** A key found by id, with its public key when the token has one. */
export interface TokenKey extends TokenKeyInfo {
  handle: PrivateKey;
  publicKey: KeyObject | null;
}

/** Uncompressed point size of the curves a person's signing key may be on (SEC 1 2.3.3). */
const EC_POINT_BYTES: Readonly<Record<string, number>> = {
  [OID.prime256v1]: 65,
  [OID.secp384r1]: 97,
};

/** DER of the prime256v1 OID: CKA_EC_PARAMS for P-256 (PKCS#11 v2.40 2.3.3). */
const P256_PARAMS = Buffer.from(oid(OID.prime256v1));

const MAX_LABEL_LENGTH = 64;

/**
 * CKA_EC_POINT is the uncompressed point, DER OCTET STRING-wrapped by most tokens (PKCS#11 v2.40
 * 2.3.3), raw by a few; the curve's point size tells which.
 */
function ecPoint(value: Buffer, size: number): Uint8Array | null {
  if (value.length === size && value[0] === 0x04) return value;
  try {
    const node = parseDer(value);
    const inner = value.subarray(node.contentStart, node.end);
    if (node.tag === Tag.OCTET_STRING && inner.length === size && inner[0] === 0x04) return inner;
  } catch {
    // Neither form: not a point of this curve.
  }
  return null;
}

function ecPublicKey(params: Buffer, point: Buffer): KeyObject | null {
  let curve: string;
  try {
    curve = readOid(parseDer(params));
  } catch {
    return null;
  }
  const size = EC_POINT_BYTES[curve];
  const raw = size === undefined ? null : ecPoint(point, size);
  if (!raw) return null;
  // RFC 5480 2: AlgorithmIdentifier { id-ecPublicKey, namedCurve }, then the point as the BIT STRING.
  const spki = sequence(sequence(oid(OID.ecPublicKey), params), bitString(raw));
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

function rsaPublicKey(modulus: Buffer, exponent: Buffer): KeyObject {
  return createPublicKey({
    key: { kty: 'RSA', n: modulus.toString('base64url'), e: exponent.toString('base64url') },
    format: 'jwk',
  });
}

/** The public key paired with a private key: its public key object, else its certificate's key. */
function publicKeyOf(session: Session, id: Buffer, keyType: 'ec' | 'rsa'): KeyObject | null {
  const publicKeys = session.find({ class: ObjectClass.PUBLIC_KEY, id });
  if (publicKeys.length > 0) {
    const key = publicKeys.items(0);
    if (keyType === 'ec') {
      // graphene names CKA_EC_PARAMS paramsECDSA in what it reads back, whichever alias was asked for.
      const a = key.getAttribute({ paramsECDSA: null, pointEC: null });
      return ecPublicKey(a.paramsECDSA as Buffer, a.pointEC as Buffer);
    }
    const a = key.getAttribute({ modulus: null, publicExponent: null });
    return rsaPublicKey(a.modulus as Buffer, a.publicExponent as Buffer);
  }
  const certificates = session.find({ class: ObjectClass.CERTIFICATE, id });
  if (certificates.length > 0) {
    const value = certificates.items(0).getAttribute({ value: null }).value as Buffer;
    return new X509Certificate(value).publicKey;
  }
  return null;
}

export function spkiDer(publicKey: KeyObject): Uint8Array {
  return publicKey.export({ type: 'spki', format: 'der' });
}

/** The key, or null when it is not an EC or RSA key with an id (the ones the page can address). */
function describeKey(session: Session, object: SessionObject): TokenKey | null {
  const handle = object.toType<PrivateKey>();
  const keyType = handle.type === KeyType.EC ? 'ec' : handle.type === KeyType.RSA ? 'rsa' : null;
  const id = handle.id;
  if (!keyType || id.length === 0) return null;
  let publicKey: KeyObject | null;
  try {
    publicKey = publicKeyOf(session, id, keyType);
  } catch {
    // An unreadable public key or certificate: the key is still listed, just without a fingerprint.
    publicKey = null;
  }
  return {
    id: id.toString('hex'),
    label: handle.label,
    keyType,
    spkiSha256: publicKey ? createHash('sha256').update(spkiDer(publicKey)).digest('hex') : null,
    handle,
    publicKey,
  };
}

const keyInfo = ({ id, label, keyType, spkiSha256 }: TokenKey): TokenKeyInfo => ({
  id,
  label,
  keyType,
  spkiSha256,
});

export function listTokenKeys(session: Session): TokenKeyInfo[] {
  try {
    const found = session.find({ class: ObjectClass.PRIVATE_KEY });
    const keys: TokenKeyInfo[] = [];
    for (let i = 0; i < found.length; i++) {
      const key = describeKey(session, found.items(i));
      if (key) keys.push(keyInfo(key));
    }
    return keys;
  } catch (e) {
    throw tokenFailure('the UKey could not list its keys', e);
  }
}

/** Throws ERR_TOKEN_INPUT_INVALID for an id that is not hex, ERR_TOKEN_KEY_UNKNOWN when no key has it. */
export function findTokenKey(session: Session, idHex: string): TokenKey {
  if (!/^(?:[0-9a-fA-F]{2}){1,64}$/.test(idHex)) {
    throw new TokenHelperError(
      'ERR_TOKEN_INPUT_INVALID',
      'keyId must be the hex id of a key, as /v1/info lists',
    );
  }
  let keys: TokenKey[];
  try {
    const found = session.find({ class: ObjectClass.PRIVATE_KEY, id: Buffer.from(idHex, 'hex') });
    keys = [];
    for (let i = 0; i < found.length; i++) {
      const key = describeKey(session, found.items(i));
      if (key) keys.push(key);
    }
  } catch (e) {
    throw tokenFailure('the UKey could not look up the key', e);
  }
  if (keys.length === 0) {
    throw new TokenHelperError('ERR_TOKEN_KEY_UNKNOWN', `the UKey holds no EC or RSA key with id ${idHex}`);
  }
  if (keys.length > 1) {
    throw new TokenHelperError(
      'ERR_TOKEN_FAILED',
      `${keys.length} keys of the UKey share id ${idHex}: give them distinct ids`,
    );
  }
  return keys[0]!;
}

/** Labels are shown to the signer and written to the helper's log: short, printable, one line. */
function checkLabel(label: unknown): string {
  if (
    typeof label !== 'string' ||
    label.trim() === '' ||
    label.length > MAX_LABEL_LENGTH ||
    /\p{Cc}/u.test(label)
  ) {
    throw new TokenHelperError(
      'ERR_TOKEN_INPUT_INVALID',
      `label must be a non-empty text of at most ${MAX_LABEL_LENGTH} characters on one line`,
    );
  }
  return label;
}

/**
 * Generates an ECDSA P-256 key pair in the token under a fresh random id: the private key is sensitive
 * and non-extractable, so it never leaves the token. Throws ERR_TOKEN_KEY_EXISTS for a label in use.
 */
export function generateTokenKey(session: Session, label: unknown): TokenKeyInfo {
  const keyLabel = checkLabel(label);
  if (session.find({ class: ObjectClass.PRIVATE_KEY, label: keyLabel }).length > 0) {
    throw new TokenHelperError(
      'ERR_TOKEN_KEY_EXISTS',
      `the UKey already holds a key labelled ${JSON.stringify(keyLabel)}`,
    );
  }
  const id = randomBytes(16);
  try {
    const keys = session.generateKeyPair(
      KeyGenMechanism.EC,
      { keyType: KeyType.EC, token: true, verify: true, id, label: keyLabel, paramsEC: P256_PARAMS },
      {
        keyType: KeyType.EC,
        token: true,
        private: true,
        sign: true,
        // A signing key only: no decryption, unwrapping or key agreement with it.
        decrypt: false,
        unwrap: false,
        derive: false,
        sensitive: true,
        extractable: false,
        id,
        label: keyLabel,
      },
    );
    const key = describeKey(session, keys.privateKey);
    if (!key) throw new Error('the new key cannot be read back');
    return keyInfo(key);
  } catch (e) {
    throw tokenFailure('the UKey could not generate a key pair', e);
  }
}

/**
 * Signs `data` with the key: ECDSA over a local SHA-256 digest with CKM_ECDSA, answered as r || s
 * (PKCS#11 v2.40 2.3.1, the IEEE P1363 form WebCrypto answers too); RSA with CKM_SHA256_RSA_PKCS
 * (PKCS#1 v1.5, hashed in the token).
 */
export function signWithTokenKey(
  access: TokenAccess,
  session: Session,
  key: TokenKey,
  data: Uint8Array,
): Uint8Array {
  const input =
    key.keyType === 'ec'
      ? createHash('sha256').update(data).digest()
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let signature: Buffer;
  try {
    const operation = session.createSign(key.keyType === 'ec' ? 'ECDSA' : 'SHA256_RSA_PKCS', key.handle);
    if (alwaysAuthenticate(key.handle)) access.loginForOperation(session);
    signature = operation.once(input);
  } catch (e) {
    throw tokenFailure('the UKey refused to sign', e);
  }
  if (key.keyType === 'ec') {
    try {
      ecdsaRawToDer(signature);
    } catch (e) {
      throw tokenFailure('the UKey returned a malformed ECDSA signature', e);
    }
  }
  return signature;
}

/** CKA_ALWAYS_AUTHENTICATE: the PIN again for each signature (non-repudiation keys on some UKeys). */
function alwaysAuthenticate(key: PrivateKey): boolean {
  try {
    return key.alwaysAuthenticate;
  } catch {
    // Tokens that do not know the attribute (PKCS#11 before 2.20) never ask.
    return false;
  }
}

import { createPrivateKey, type KeyObject } from 'node:crypto';
import {
  expectSequence,
  integer,
  octetString,
  oid,
  parseDer,
  raw,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { DERIVED_KEY_BYTES, type PassphraseKdf, type ScryptParams } from './passphrase-kdf.ts';
import { sm4BoxOpen, sm4BoxSeal } from './sm4-box.ts';

/** The PEM label of the 国密 key envelope. */
export const SM4_KEY_LABEL = 'OPENSEAL SM4 ENCRYPTED PRIVATE KEY';

const VERSION = 1;
/** GB/T 32907 SM4 in CBC mode (GM/T 0006). */
const SM4_CBC = '1.2.156.10197.1.104.2';
/** HMAC with SM3 (the OID BouncyCastle and GM/T 0091 use). */
const HMAC_SM3 = '1.2.156.10197.1.401.3.1';

/**
 * A private key at rest under 国密 algorithms. PKCS#8's PBES2 has no registered SM4 + MAC scheme, so
 * this is OpenSeal's own, versioned and self-describing, in a PEM block labelled
 * `OPENSEAL SM4 ENCRYPTED PRIVATE KEY`:
 *
 *   Sm4EncryptedPrivateKey ::= SEQUENCE {
 *     version        INTEGER (1),
 *     keyDerivation  SEQUENCE { id-scrypt, scrypt-params },   -- RFC 7914 7: salt, N, r, p, keyLength 32
 *     encryption     SEQUENCE { sm4-cbc 1.2.156.10197.1.104.2, hmac-sm3 1.2.156.10197.1.401.3.1 },
 *     box            OCTET STRING }                           -- IV(16) ‖ SM4-CBC(PKCS#8 DER) ‖ MAC(32)
 *
 * scrypt (the same cost policy as the PKCS#8 files) gives 32 bytes: the SM4 key, then the HMAC-SM3
 * key. The MAC covers the DER of version ‖ keyDerivation ‖ encryption, the IV and the ciphertext
 * (sm4-box.ts), and is checked before decrypting.
 */
export async function encryptPrivateKeySm4(key: KeyObject, kdf: PassphraseKdf): Promise<string> {
  const params = kdf.freshGm;
  const header = [
    integer(VERSION),
    sequence(oid(OID.scrypt), scryptParams(params)),
    sequence(oid(SM4_CBC), oid(HMAC_SM3)),
  ];
  const plain = key.export({ type: 'pkcs8', format: 'der' });
  try {
    const box = sm4BoxSeal(await kdf.derive(params), plain, Buffer.concat(header));
    const body = Buffer.from(sequence(...header, octetString(box))).toString('base64');
    return `-----BEGIN ${SM4_KEY_LABEL}-----\n${body.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${SM4_KEY_LABEL}-----\n`;
  } finally {
    plain.fill(0);
  }
}

/** The inverse, given the PEM body's DER. Returns the key and the scrypt parameters it was written with. */
export async function decryptPrivateKeySm4(
  der: Uint8Array,
  kdf: PassphraseKdf,
): Promise<{ privateKey: KeyObject; params: ScryptParams }> {
  const [version, derivation, encryption, box] = expectSequence(parseDer(der), 4, 4);
  if (readSmallInteger(version!) !== VERSION) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'unknown version of the SM4 key envelope');
  }
  const [kdfOid, kdfParams] = expectSequence(derivation!, 2, 2);
  const [cipherOid, macOid] = expectSequence(encryption!, 2, 2);
  if (readOid(kdfOid!) !== OID.scrypt || readOid(cipherOid!) !== SM4_CBC || readOid(macOid!) !== HMAC_SM3) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'the SM4 key envelope must use scrypt, SM4-CBC and HMAC-SM3');
  }
  const [salt, n, r, p, keyLength] = expectSequence(kdfParams!, 5, 5);
  if (readSmallInteger(keyLength!) !== DERIVED_KEY_BYTES) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'scrypt key length must be 32 bytes for SM4 + HMAC-SM3');
  }
  const params = {
    salt: readOctetString(salt!),
    N: readSmallInteger(n!),
    r: readSmallInteger(r!),
    p: readSmallInteger(p!),
  };
  const header = Buffer.concat([raw(version!), raw(derivation!), raw(encryption!)]);
  const plain = sm4BoxOpen(await kdf.derive(params), readOctetString(box!), header);
  try {
    return { privateKey: createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' }), params };
  } catch (cause) {
    // Authentic but not a key: written by something else under the same passphrase.
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'the SM4 key envelope does not hold a PKCS#8 key', { cause });
  } finally {
    plain.fill(0);
  }
}

function scryptParams(params: ScryptParams) {
  return sequence(
    octetString(params.salt),
    integer(params.N),
    integer(params.r),
    integer(params.p),
    integer(DERIVED_KEY_BYTES),
  );
}

import { createCipheriv, createDecipheriv, createPrivateKey, type KeyObject, randomBytes } from 'node:crypto';
import {
  expectSequence,
  integer,
  octetString,
  oid,
  parseDer,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import type { CryptoMode } from './crypto-mode.ts';
import {
  DERIVED_KEY_BYTES,
  meetsScryptCost,
  type PassphraseKdf,
  type ScryptParams,
} from './passphrase-kdf.ts';
import { decryptPrivateKeySm4, encryptPrivateKeySm4, SM4_KEY_LABEL } from './sm4-encrypted-key.ts';

const ENCRYPTED_LABEL = 'ENCRYPTED PRIVATE KEY';

/**
 * A key opened from a file; `current` is false when the file's key derivation is weaker than today's
 * or its envelope is not the one the caller asked for, so the caller rewrites it.
 */
export interface DecryptedKey {
  privateKey: KeyObject;
  current: boolean;
  /** The envelope the file was in. */
  mode: CryptoMode;
}

/**
 * PKCS#8 EncryptedPrivateKeyInfo PEM under PBES2 (RFC 8018 A.4) with scrypt (RFC 7914 7) and
 * AES-256-CBC: the format `openssl pkcs8 -topk8 -scrypt` writes, with OWASP's scrypt cost. In the
 * `gm` mode, the SM4 envelope instead (sm4-encrypted-key.ts).
 */
export async function encryptPrivateKey(
  key: KeyObject,
  kdf: PassphraseKdf,
  mode: CryptoMode = 'standard',
): Promise<string> {
  if (key.type !== 'private') throw new PkiError('ERR_KEY_UNSUPPORTED', 'a private key is required');
  if (mode === 'gm') return encryptPrivateKeySm4(key, kdf);
  const params = kdf.fresh;
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', await kdf.derive(params), iv);
  const plain = key.export({ type: 'pkcs8', format: 'der' });
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  const der = sequence(
    sequence(
      oid(OID.pbes2),
      sequence(
        sequence(
          oid(OID.scrypt),
          sequence(
            octetString(params.salt),
            integer(params.N),
            integer(params.r),
            integer(params.p),
            integer(DERIVED_KEY_BYTES),
          ),
        ),
        sequence(oid(OID.aes256Cbc), octetString(iv)),
      ),
    ),
    octetString(encrypted),
  );
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${ENCRYPTED_LABEL}-----\n${body}\n-----END ${ENCRYPTED_LABEL}-----\n`;
}

/**
 * Decrypts an encrypted PKCS#8 PEM or an SM4 envelope, whichever `pem` holds. `current` is false when
 * the file is not in `mode` (when given), or when it is a file this package wrote before scrypt (PBKDF2
 * with OpenSSL's 2,048 iterations, opened through OpenSSL), so the caller rewrites it. Unencrypted keys
 * are refused: keys at rest must be protected.
 */
export async function decryptPrivateKey(
  pem: string,
  kdf: PassphraseKdf,
  mode?: CryptoMode,
): Promise<DecryptedKey> {
  const { label, der } = pemBody(pem);
  const opened = await (label === SM4_KEY_LABEL ? openSm4(der, kdf) : openPkcs8(pem, der, kdf));
  return { ...opened, current: opened.current && (mode === undefined || mode === opened.mode) };
}

async function openSm4(der: Uint8Array, kdf: PassphraseKdf): Promise<DecryptedKey> {
  const { privateKey, params } = await decryptPrivateKeySm4(der, kdf);
  return { privateKey, current: meetsScryptCost(params), mode: 'gm' };
}

async function openPkcs8(pem: string, der: Uint8Array, kdf: PassphraseKdf): Promise<DecryptedKey> {
  const scrypt = readScryptEnvelope(der);
  if (!scrypt) return { privateKey: openWithOpenSsl(pem, kdf.passphrase), current: false, mode: 'standard' };
  try {
    const decipher = createDecipheriv('aes-256-cbc', await kdf.derive(scrypt.params), scrypt.iv);
    const plain = Buffer.concat([decipher.update(scrypt.encrypted), decipher.final()]);
    const privateKey = createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
    return { privateKey, current: meetsScryptCost(scrypt.params), mode: 'standard' };
  } catch (cause) {
    throw wrongPassphrase(cause);
  }
}

function pemBody(pem: string): { label: string; der: Uint8Array } {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  const label = match?.[1];
  if (label !== ENCRYPTED_LABEL && label !== SM4_KEY_LABEL) {
    throw new PkiError(
      'ERR_KEY_UNSUPPORTED',
      `expected an ${ENCRYPTED_LABEL} (PKCS#8) or ${SM4_KEY_LABEL} PEM block`,
    );
  }
  return { label, der: Buffer.from(match![2]!.replace(/\s+/g, ''), 'base64') };
}

interface ScryptEnvelope {
  params: ScryptParams;
  iv: Uint8Array;
  encrypted: Uint8Array;
}

/** The PBES2/scrypt/AES-256-CBC parts of an EncryptedPrivateKeyInfo, or null for any other scheme. */
function readScryptEnvelope(der: Uint8Array): ScryptEnvelope | null {
  const [algorithm, encrypted] = expectSequence(parseDer(der), 2, 2);
  const [scheme, pbes2] = expectSequence(algorithm!, 1, 2);
  if (readOid(scheme!) !== OID.pbes2 || !pbes2) return null;
  const [kdfId, cipherId] = expectSequence(pbes2, 2, 2);
  const [kdfOid, kdfParams] = expectSequence(kdfId!, 2, 2);
  const [cipherOid, iv] = expectSequence(cipherId!, 2, 2);
  if (readOid(kdfOid!) !== OID.scrypt) return null;
  if (readOid(cipherOid!) !== OID.aes256Cbc) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'scrypt-protected keys must use AES-256-CBC');
  }
  const [salt, n, r, p, keyLength] = expectSequence(kdfParams!, 4, 5);
  if (keyLength && readSmallInteger(keyLength) !== DERIVED_KEY_BYTES) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'scrypt key length must be 32 bytes for AES-256');
  }
  const ivBytes = readOctetString(iv!);
  if (ivBytes.length !== 16) throw new PkiError('ERR_KEY_UNSUPPORTED', 'AES-CBC needs a 16-byte IV');
  return {
    params: {
      salt: readOctetString(salt!),
      N: readSmallInteger(n!),
      r: readSmallInteger(r!),
      p: readSmallInteger(p!),
    },
    iv: ivBytes,
    encrypted: readOctetString(encrypted!),
  };
}

function openWithOpenSsl(pem: string, passphrase: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (cause) {
    throw wrongPassphrase(cause);
  }
}

// Neither OpenSSL nor AES-CBC can tell a wrong passphrase from a damaged file: both fail the padding
// check or the PKCS#8 parse.
function wrongPassphrase(cause: unknown): PkiError {
  return new PkiError(
    'ERR_KEY_PASSPHRASE',
    'cannot decrypt the private key: wrong passphrase or damaged file',
    {
      cause,
    },
  );
}

import { createPrivateKey, type KeyObject } from 'node:crypto';
import { PkiError } from '../errors.ts';

const ENCRYPTED_LABEL = '-----BEGIN ENCRYPTED PRIVATE KEY-----';

/** PKCS#8 EncryptedPrivateKeyInfo PEM; OpenSSL 3 picks PBES2 with PBKDF2-HMAC-SHA256 (RFC 8018 6.2). */
export function encryptPrivateKey(key: KeyObject, passphrase: string): string {
  if (key.type !== 'private') throw new PkiError('ERR_KEY_UNSUPPORTED', 'a private key is required');
  if (passphrase.length === 0)
    throw new PkiError('ERR_KEY_PASSPHRASE', 'an empty passphrase would leave the key unprotected');
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

/** Decrypts an encrypted PKCS#8 PEM. Unencrypted keys are refused: keys at rest must be protected. */
export function decryptPrivateKey(pem: string, passphrase: string): KeyObject {
  if (!pem.includes(ENCRYPTED_LABEL)) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'expected an ENCRYPTED PRIVATE KEY (PKCS#8) PEM block');
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (cause) {
    // OpenSSL cannot tell a wrong passphrase from a corrupted block: both fail the padding check.
    throw new PkiError(
      'ERR_KEY_PASSPHRASE',
      'cannot decrypt the private key: wrong passphrase or damaged file',
      {
        cause,
      },
    );
  }
}

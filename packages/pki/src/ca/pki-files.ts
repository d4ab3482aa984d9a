import { createPublicKey } from 'node:crypto';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PkiError } from '../errors.ts';
import type { CryptoMode } from '../keys/crypto-mode.ts';
import { decryptPrivateKey, encryptPrivateKey } from '../keys/encrypted-key.ts';
import type { PassphraseKdf } from '../keys/passphrase-kdf.ts';
import { softwareSigner } from '../keys/signer.ts';
import { Certificate } from '../x509/certificate.ts';
import type { PkiEntity } from './pki.ts';

/** The entities of the built-in PKI and the file stem each is stored under in DIR. */
export const ENTITY_FILES = {
  root: 'root-ca',
  issuing: 'issuing-ca',
  tsa: 'tsa',
  ocsp: 'ocsp',
  demoSeal: 'seal-demo',
} as const;

export type EntityName = keyof typeof ENTITY_FILES;

export const STATE_FILE = 'pki.json';

/** Writes via a temporary file and rename, so a crash never leaves a half-written file. */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, data, { mode });
  await chmod(tmp, mode); // `mode` is masked by umask on creation
  await rename(tmp, path);
}

/** Certificate as PEM (0644) and the key only encrypted, in the envelope of `mode` (0600). */
export async function writeEntity(
  dir: string,
  name: EntityName,
  entity: PkiEntity,
  kdf: PassphraseKdf,
  mode: CryptoMode,
): Promise<void> {
  const stem = ENTITY_FILES[name];
  await writeFileAtomic(join(dir, `${stem}.pem`), entity.certificate.toPem(), 0o644);
  await writeKey(dir, name, entity, kdf, mode);
}

/**
 * Rewrites only the encrypted key: a new passphrase, today's key derivation for an old file, or the
 * envelope of another crypto mode.
 */
export async function writeKey(
  dir: string,
  name: EntityName,
  entity: PkiEntity,
  kdf: PassphraseKdf,
  mode: CryptoMode,
): Promise<void> {
  const path = join(dir, `${ENTITY_FILES[name]}.key.pem`);
  await writeFileAtomic(path, await encryptPrivateKey(entity.privateKey, kdf, mode), 0o600);
}

/** An entity, the envelope its key file is in, and whether that file is current (see decryptPrivateKey). */
export async function readEntity(
  dir: string,
  name: EntityName,
  kdf: PassphraseKdf,
  wanted?: CryptoMode,
): Promise<PkiEntity & { current: boolean; mode: CryptoMode }> {
  const stem = ENTITY_FILES[name];
  const [certPem, keyPem] = await Promise.all([
    readRequired(join(dir, `${stem}.pem`)),
    readRequired(join(dir, `${stem}.key.pem`)),
  ]);
  const certificate = Certificate.fromPem(certPem)[0]!;
  const { privateKey, current, mode } = await decryptPrivateKey(keyPem, kdf, wanted);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (Buffer.compare(spki, certificate.spkiDer) !== 0) {
    throw new PkiError('ERR_CERT_INVALID', `${stem}.key.pem does not belong to ${stem}.pem`);
  }
  return { certificate, privateKey, signer: softwareSigner(privateKey), current, mode };
}

async function readRequired(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new PkiError('ERR_PKI_NOT_FOUND', `cannot read ${path}`, { cause });
  }
}

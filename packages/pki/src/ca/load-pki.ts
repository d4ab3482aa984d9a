import { PkiError } from '../errors.ts';
import type { CryptoMode } from '../keys/crypto-mode.ts';
import { PassphraseKdf } from '../keys/passphrase-kdf.ts';
import { DiskPki, type Pki, type PkiEntity } from './pki.ts';
import { ENTITY_FILES, type EntityName, readEntity, writeKey } from './pki-files.ts';
import { readState } from './pki-state.ts';

const ENTITY_NAMES = Object.keys(ENTITY_FILES) as EntityName[];

export interface LoadPkiOptions {
  /**
   * The envelope the keys must be in: keys found in the other one are rewritten in it (a deployment
   * switching its crypto mode). Absent: the keys stay in the envelope they are in.
   */
  mode?: CryptoMode;
}

/**
 * Loads the PKI written by initPki. ERR_PKI_NOT_FOUND, ERR_KEY_PASSPHRASE, ERR_CERT_INVALID. Key files
 * from before scrypt, or in another envelope than `options.mode`, are rewritten with today's key
 * derivation in the chosen envelope, all with one new salt.
 */
export async function loadPki(dir: string, passphrase: string, options: LoadPkiOptions = {}): Promise<Pki> {
  const { state, entities, kdf, current, mode } = await openEntities(dir, passphrase, options.mode);
  if (!current) {
    const target = options.mode ?? mode;
    await Promise.all(ENTITY_NAMES.map((name) => writeKey(dir, name, entities[name], kdf, target)));
  }
  return new DiskPki(dir, state, entities);
}

/**
 * Re-encrypts every key of the PKI in DIR under a new passphrase (the certificates do not change).
 * The caller checks the new passphrase's strength (passphraseWeakness) first.
 */
export async function changePkiPassphrase(
  dir: string,
  passphrase: string,
  newPassphrase: string,
): Promise<void> {
  const { entities, mode } = await openEntities(dir, passphrase);
  const kdf = new PassphraseKdf(newPassphrase);
  await Promise.all(ENTITY_NAMES.map((name) => writeKey(dir, name, entities[name], kdf, mode)));
}

async function openEntities(dir: string, passphrase: string, wanted?: CryptoMode) {
  const state = await readState(dir); // ERR_PKI_NOT_FOUND before any key is touched
  const kdf = new PassphraseKdf(passphrase);
  const read = await Promise.all(ENTITY_NAMES.map((name) => readEntity(dir, name, kdf, wanted)));
  const entities = Object.fromEntries(
    ENTITY_NAMES.map((name, i) => {
      const { current: _, mode: __, ...entity } = read[i]!;
      return [name, entity];
    }),
  ) as Record<EntityName, PkiEntity>;
  const { root, issuing, tsa, ocsp, demoSeal } = entities;
  // The files must still form the chain initPki wrote; a swapped file fails here, not at signing time.
  const chainOk =
    root.certificate.isIssuedBy(root.certificate) &&
    issuing.certificate.isIssuedBy(root.certificate) &&
    [tsa, ocsp, demoSeal].every((e) => e.certificate.isIssuedBy(issuing.certificate));
  if (!chainOk)
    throw new PkiError('ERR_CERT_INVALID', `the certificates in ${dir} do not form the expected chain`);
  // Keys written together share one envelope; a crash mid-rewrite can leave a mix, which reads as not current.
  const mode = read[0]!.mode;
  const current = read.every((e) => e.current && e.mode === mode);
  return { state, entities, kdf, current, mode };
}

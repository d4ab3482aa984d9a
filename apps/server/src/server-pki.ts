import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTimestampAuthority,
  type DistinguishedName,
  initPki,
  loadPki,
  type Pki,
  type PkiInitOptions,
  type Timestamper,
} from '@openseal/pki';
import type { ServerConfig } from './config.ts';

/** Where the server keeps its built-in PKI: DATA_DIR/pki. */
export const serverPkiDir = (config: Pick<ServerConfig, 'dataDir'>): string => join(config.dataDir, 'pki');

/** Where the server keeps its built-in SM2 (国密) PKI, beside the first: DATA_DIR/pki-sm2. */
export const serverSm2PkiDir = (config: Pick<ServerConfig, 'dataDir'>): string =>
  join(config.dataDir, 'pki-sm2');

/** Whether the built-in PKI has been created (its pki.json is written last). */
export const serverPkiExists = (config: Pick<ServerConfig, 'dataDir'>): boolean =>
  existsSync(join(serverPkiDir(config), 'pki.json'));

const sm2Name = (cn: string): DistinguishedName => [
  { type: 'C', value: 'CN' },
  { type: 'O', value: '示范大学 / Demo University' },
  { type: 'CN', value: cn },
];

/** The SM2 hierarchy's names differ from the first one's, so a chain is never built across them. */
const SM2_NAMES = {
  root: sm2Name('示范大学 SM2根CA / Demo University SM2 Root CA'),
  issuing: sm2Name('示范大学 SM2签发CA / Demo University SM2 Issuing CA'),
  tsa: sm2Name('示范大学 SM2时间戳服务 / Demo University SM2 TSA'),
  ocsp: sm2Name('示范大学 SM2 OCSP / Demo University SM2 OCSP'),
  demoSeal: sm2Name('示范大学公章(SM2) / Demo University Official Seal (SM2)'),
};

/**
 * The built-in PKIs, each created on the first start that lacks it (an existing deployment gains the
 * SM2 one at its next start, the first one untouched). Their keys are written, and on every start
 * rewritten when found in the other envelope, in the configured crypto mode's (OPENSEAL_CRYPTO_MODE):
 * switching the mode on a running deployment takes effect at the next start without losing a key.
 */
export async function openServerPki(
  config: Pick<ServerConfig, 'dataDir' | 'port' | 'cryptoMode'>,
  passphrase: string,
): Promise<{ pki: Pki; sm2Pki: Pki; created: boolean; sm2Created: boolean }> {
  const mode = config.cryptoMode ?? 'standard';
  const base = `http://localhost:${config.port}`;
  const open = async (dir: string, create: (dir: string) => Promise<void>) => {
    const created = !existsSync(join(dir, 'pki.json'));
    if (created) await create(dir);
    return { pki: await loadPki(dir, passphrase, { mode }), created };
  };
  const standard = await open(serverPkiDir(config), (dir) =>
    initPki({ dir, passphrase, baseUrl: `${base}/pki`, mode }),
  );
  const sm2 = await open(serverSm2PkiDir(config), (dir) =>
    initSm2Pki({ dir, passphrase, baseUrl: `${base}/pki-sm2`, mode }),
  );
  return { pki: standard.pki, sm2Pki: sm2.pki, created: standard.created, sm2Created: sm2.created };
}

/**
 * Creates the SM2 hierarchy in `dir`: every key SM2, every certificate SM3withSM2. `force`: a start
 * interrupted while creating it left a directory without pki.json, which is not a PKI yet.
 */
export function initSm2Pki(opts: Omit<PkiInitOptions, 'keyAlgorithm' | 'names' | 'force'>): Promise<void> {
  return initPki({ ...opts, keyAlgorithm: 'sm2', names: SM2_NAMES, force: true });
}

/**
 * The platform's timestamper: SM3 imprints are stamped by the SM2 TSA (tokens SM3withSM2, as a
 * 国密 verifier expects beside an SM2 signature), every other digest by the first PKI's TSA.
 */
export function serverTimestamper(pki: Pki, sm2Pki?: Pki): Timestamper {
  const tsaOf = (p: Pki) =>
    createTimestampAuthority({
      certificate: p.tsa.certificate,
      signer: p.tsa.signer,
      chain: [p.issuing.certificate],
    });
  const standard = tsaOf(pki);
  const sm2 = sm2Pki && tsaOf(sm2Pki);
  return {
    timestamp: (digest, algorithm) =>
      (algorithm === 'sm3' && sm2 ? sm2 : standard).timestamp(digest, algorithm),
  };
}

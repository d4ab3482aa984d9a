import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initPki, loadPki, type Pki } from '@openseal/pki';
import type { ServerConfig } from './config.ts';

/** Where the server keeps its built-in PKI: DATA_DIR/pki. */
export const serverPkiDir = (config: Pick<ServerConfig, 'dataDir'>): string => join(config.dataDir, 'pki');

/** Whether the built-in PKI has been created (its pki.json is written last). */
export const serverPkiExists = (config: Pick<ServerConfig, 'dataDir'>): boolean =>
  existsSync(join(serverPkiDir(config), 'pki.json'));

/**
 * The built-in PKI, created on the first start. Its keys are written, and on every start rewritten when
 * found in the other envelope, in the configured crypto mode's (OPENSEAL_CRYPTO_MODE): switching the
 * mode on a running deployment takes effect at the next start without losing a key.
 */
export async function openServerPki(
  config: Pick<ServerConfig, 'dataDir' | 'port' | 'cryptoMode'>,
  passphrase: string,
): Promise<{ pki: Pki; created: boolean }> {
  const dir = serverPkiDir(config);
  const mode = config.cryptoMode ?? 'standard';
  const created = !serverPkiExists(config);
  if (created) await initPki({ dir, passphrase, baseUrl: `http://localhost:${config.port}/pki`, mode });
  return { pki: await loadPki(dir, passphrase, { mode }), created };
}

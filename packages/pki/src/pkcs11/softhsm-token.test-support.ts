// Test support: a SoftHSM2 token in a temp directory with generated key pairs, for the PKCS#11
// tests of pki and of the PDF signer. Not a test file and not exported from the package.
import { spawnSync } from 'node:child_process';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';
export const hasSoftHsm = existsSync(SOFTHSM_LIBRARY);

export interface TokenKey {
  label: string;
  id: string;
  /** pkcs11-tool key type, e.g. 'rsa:2048' or 'EC:prime256v1'. */
  type: string;
}

/**
 * Initialises a token labelled `tokenLabel` under `dir`, generates `keys` inside it and returns their
 * public keys. Points SOFTHSM2_CONF at the new configuration: SoftHSM reads it when the library is
 * first initialised in this process.
 */
export function createSoftHsmToken(opts: {
  dir: string;
  tokenLabel: string;
  pin: string;
  keys: readonly TokenKey[];
}): Record<string, KeyObject> {
  mkdirSync(join(opts.dir, 'tokens'), { recursive: true });
  const conf = join(opts.dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${join(opts.dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env['SOFTHSM2_CONF'] = conf;
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', env: process.env });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  run('softhsm2-util', [
    '--init-token',
    '--free',
    '--label',
    opts.tokenLabel,
    '--pin',
    opts.pin,
    '--so-pin',
    '87654321',
  ]);
  const tool = ['--module', SOFTHSM_LIBRARY, '--token-label', opts.tokenLabel];
  const publicKeys: Record<string, KeyObject> = {};
  for (const key of opts.keys) {
    run('pkcs11-tool', [
      ...tool,
      '--login',
      '--pin',
      opts.pin,
      '--keypairgen',
      '--key-type',
      key.type,
      '--label',
      key.label,
      '--id',
      key.id,
    ]);
    const out = join(opts.dir, `${key.label}.der`);
    run('pkcs11-tool', [...tool, '--read-object', '--type', 'pubkey', '--label', key.label, '-o', out]);
    publicKeys[key.label] = createPublicKey({ key: readFileSync(out), format: 'der', type: 'spki' });
  }
  return publicKeys;
}

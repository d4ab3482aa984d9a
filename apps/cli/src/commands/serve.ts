import { join } from 'node:path';
import {
  type DemoSchool,
  openServerPki,
  seedDemoOnFirstStart,
  serverPkiDir,
  serverPkiExists,
  serverSm2PkiDir,
  startServer,
} from '@openseal/server';
import { readPassphrase } from '../passphrase.ts';
import { serverSettings } from '../server-settings.ts';

/**
 * `npm start`: the platform. Creates the built-in PKIs (RSA/ECDSA, and SM2) on the first start that
 * lacks them (their keys in the envelope of OPENSEAL_CRYPTO_MODE, rewritten there at every start),
 * then runs the HTTP API (which migrates the database) with the PKIs' TSA, OCSP and CRLs on the same
 * port under /pki/ and /pki-sm2/.
 */
export async function serve(opts: { data?: string; port?: number; host?: string }): Promise<void> {
  const config = serverSettings({ OPENSEAL_DATA_DIR: opts.data, PORT: opts.port, HOST: opts.host });
  const passphrase = await readPassphrase(process.env, { confirm: !serverPkiExists(config) });
  const { pki, sm2Pki, created, sm2Created } = await openServerPki(config, passphrase);
  if (created) {
    const dir = serverPkiDir(config);
    process.stdout.write(`created the built-in PKI in ${dir}; trust anchor: ${join(dir, 'root-ca.pem')}\n`);
  }
  if (sm2Created) {
    const dir = serverSm2PkiDir(config);
    process.stdout.write(
      `created the built-in SM2 PKI in ${dir}; trust anchor: ${join(dir, 'root-ca.pem')}\n`,
    );
  }
  const app = await startServer(config, pki, sm2Pki);
  const demo = await seedDemoOnFirstStart(app);
  if (demo) process.stdout.write(describeDemo(demo));
  process.stdout.write(
    `OpenSeal serving on http://${config.host}:${config.port} (console, API, /health, /pki, /pki-sm2)\n`,
  );
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Printed once, on the first start only: the passwords are not stored anywhere in clear. */
function describeDemo(demo: DemoSchool): string {
  const rows = demo.accounts.map((a) => `  ${a.role.padEnd(18)} ${a.username.padEnd(14)} ${a.password}`);
  return [
    'Demo school 示范大学 created. Accounts (shown once; change the passwords after signing in):',
    ...rows,
    'The system admin, security admin and security auditor must enrol a TOTP second factor at first sign-in.',
    'Demo seals: 示范大学 (公章, and the physical one in the ledger), 合同专用章, 财务专用章, 教务处成绩专用章',
    '(ECDSA), 教务处证明专用章（国密）(SM2, from the SM2 PKI in pki-sm2) and 教务处学籍专用章（双算法）(ECDSA',
    'and SM2 in one file); "creator" may stamp transcripts and certificates with the 成绩专用章, certificates',
    'with the 国密 and 双算法 seals, and contracts with the 合同专用章.',
    'E-credentials: 15 types (在读证明（中文，国密）sealed SM2) with records for 200 sample students, "student"',
    'and "teacher"; they get theirs under 电子凭证, "creator" issues batches (批量开具), "tpladmin" edits',
    'templates, "fileadmin" keeps the archive.',
    '',
  ].join('\n');
}

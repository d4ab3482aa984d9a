import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate } from '@openseal/pki';
import {
  checkpointDir,
  openDatabase,
  readAuditKeys,
  readCheckpoints,
  verifyAuditChain,
} from '@openseal/server';
import { CliError } from '../cli-error.ts';
import { serverSettings } from '../server-settings.ts';

export interface AuditVerifyOptions {
  data?: string;
  databaseUrl?: string;
  tsaCert?: string[];
  json?: boolean;
}

/**
 * `openseal audit verify`: walks the audit chain (SHA-256 and SM3) against its keyed links (KEK from OPENSEAL_KEK or
 * DATA/kek.key) and the signed checkpoints in DATA/audit-checkpoints. Exit 0 when intact, 1 on any
 * finding (naming the first bad entry and its kind), 2 on a usage or input error. Reads only.
 */
export async function auditVerify(opts: AuditVerifyOptions): Promise<void> {
  const config = serverSettings({ OPENSEAL_DATA_DIR: opts.data, DATABASE_URL: opts.databaseUrl });
  if (config.database.dialect === 'sqlite' && !existsSync(config.database.file)) {
    throw new CliError(`no database at ${config.database.file}`);
  }
  const keys = readAuditKeys(config);
  if (!keys) {
    throw new CliError(
      `no KEK: set OPENSEAL_KEK or give the data directory holding kek.key (${config.dataDir})`,
    );
  }
  const certFiles = opts.tsaCert ?? [join(config.dataDir, 'pki', 'tsa.pem')].filter((f) => existsSync(f));
  const tsaCertificates = certFiles.flatMap((f) => Certificate.fromPem(readFileSync(f, 'utf8')));
  const dir = checkpointDir(config.dataDir);
  const checkpoints = readCheckpoints(dir);

  const db = openDatabase(config.database);
  try {
    const result = await verifyAuditChain(db, { keys, checkpoints, tsaCertificates });
    if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${describe(result, config.timeZone)}\n`);
    if (result.ok && result.checkpoints === 0 && result.entries > 0) {
      process.stderr.write(
        `warning: no checkpoints in ${dir}: deleted entries at the end cannot be detected\n`,
      );
    }
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

/** A time in the school's time zone, named. */
const readable = (iso: string, timeZone: string) =>
  `${new Date(iso).toLocaleString('sv-SE', { timeZone })} (${timeZone})`;

function describe(result: Awaited<ReturnType<typeof verifyAuditChain>>, timeZone: string): string {
  if (result.firstBroken) {
    const { seq, kind, reason } = result.firstBroken;
    return `audit log BROKEN at entry ${seq} (${kind}): ${reason}`;
  }
  const keyed = result.keyed ? 'keyed' : 'NOT keyed yet (hashes only; start the server once to key it)';
  const last = result.lastCheckpoint;
  const checkpointed = last
    ? `last checkpoint at entry ${last.seq}, ${readable(last.time, timeZone)}${last.timestamped ? ', timestamped' : ''}`
    : 'no checkpoint';
  // Both chains were walked: the SHA-256 one and the SM3 (国密) one beside it.
  return `audit log intact: ${result.entries} entries, ${keyed}, SHA-256 and SM3 chains, ${result.checkpoints} checkpoints, ${checkpointed}`;
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate } from '@openseal/pki';
import { ConfigError, loadConfig, openDatabase, verifyAuditChain } from '@openseal/server';
import { CliError } from '../cli-error.ts';

export interface AuditVerifyOptions {
  data: string;
  databaseUrl?: string;
  tsaCert?: string[];
  json?: boolean;
}

/**
 * `openseal audit verify`: walks the audit chain and its timestamped anchors. Exit 0 when intact,
 * 1 when broken (naming the first broken entry), 2 on a usage or input error. Reads only.
 */
export async function auditVerify(opts: AuditVerifyOptions): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ OPENSEAL_DATA_DIR: opts.data, DATABASE_URL: opts.databaseUrl });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.problems.join('; '));
    throw e;
  }
  if (config.database.dialect === 'sqlite' && !existsSync(config.database.file)) {
    throw new CliError(`no database at ${config.database.file}`);
  }
  const certFiles = opts.tsaCert ?? [join(config.dataDir, 'pki', 'tsa.pem')].filter((f) => existsSync(f));
  const tsaCertificates = certFiles.flatMap((f) => Certificate.fromPem(readFileSync(f, 'utf8')));

  const db = openDatabase(config.database);
  try {
    const result = await verifyAuditChain(db, { tsaCertificates });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else if (result.ok) {
      const anchored =
        result.lastAnchoredSeq === undefined
          ? 'none timestamped yet'
          : `timestamped up to entry ${result.lastAnchoredSeq}`;
      process.stdout.write(
        `audit log intact: ${result.entries} entries, ${result.anchors} anchors, ${anchored}\n`,
      );
    } else {
      const { seq, reason } = result.firstBroken!;
      process.stdout.write(`audit log BROKEN at entry ${seq}: ${reason}\n`);
    }
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

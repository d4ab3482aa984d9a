import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { lastScheduledRun, loadDirectoryConfig } from './directory-config.ts';
import { recordFailedRun, type SyncOptions, syncDirectory, type Who } from './directory-sync.ts';
import { readLdapDirectory } from './ldap-source.ts';

export interface DirectoryContext {
  db: Kysely<Database>;
  secrets: SecretBox;
  clock: () => Date;
}

/** Reads the configured LDAP source and syncs from it (a failed read is kept in the history). */
export async function syncFromLdap(
  ctx: DirectoryContext,
  run: { dryRun: boolean; force: boolean; trigger: SyncOptions['trigger']; who: Who },
) {
  const stored = await loadDirectoryConfig(ctx.db, ctx.secrets);
  if (!stored) throw new AppError('ERR_DIRECTORY_NOT_CONFIGURED');
  const opts: SyncOptions = {
    ...run,
    source: 'ldap',
    maxDisablePercent: stored.config.maxDisablePercent,
    clock: ctx.clock,
  };
  const startedAt = ctx.clock();
  let snapshot: Awaited<ReturnType<typeof readLdapDirectory>>;
  try {
    snapshot = await readLdapDirectory(stored.config, stored.bindPassword());
  } catch (err) {
    await recordFailedRun(ctx.db, opts, startedAt, err);
    throw err;
  }
  return syncDirectory(ctx.db, snapshot, opts);
}

/**
 * The scheduled job's tick: applies a sync when the interval has passed since the last scheduled
 * run. Never forced: past the safety limit it is refused and kept in the history for an admin.
 */
export async function scheduledDirectorySync(ctx: DirectoryContext): Promise<void> {
  const stored = await loadDirectoryConfig(ctx.db, ctx.secrets);
  if (!stored || stored.config.intervalMinutes === null) return;
  const last = await lastScheduledRun(ctx.db);
  const due =
    last === undefined || ctx.clock().getTime() - Date.parse(last) >= stored.config.intervalMinutes * 60_000;
  if (!due) return;
  await syncFromLdap(ctx, { dryRun: false, force: false, trigger: 'schedule', who: { actor: 'system' } });
}

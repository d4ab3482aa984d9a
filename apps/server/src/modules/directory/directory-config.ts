import type {
  DirectoryAttributes,
  DirectoryConfig,
  DirectoryConfigView,
  PutDirectoryConfigBody,
} from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { BoxedColumn } from '../../db/reseal-column.ts';
import type { Database, DirectoryConfigTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { Who } from './directory-sync.ts';

/** The associated data binding the bind password to the directory settings row. */
const PASSWORD_OWNER = 'directory:bind';

/** The bind password, sealed again in the crypto mode after a switch (db/reseal-column.ts). */
export const DIRECTORY_BOXED_COLUMNS: readonly BoxedColumn[] = [
  { table: 'directory_config', id: 'id', column: 'bind_password_box', owner: () => PASSWORD_OWNER },
];

export interface StoredDirectoryConfig {
  config: DirectoryConfig;
  bindPassword: () => string;
}

function configFromRow(row: Selectable<DirectoryConfigTable>): DirectoryConfig {
  return {
    url: row.url,
    startTls: row.start_tls === 1,
    caCertificate: row.ca_pem,
    bindDn: row.bind_dn,
    unitBase: row.unit_base,
    unitFilter: row.unit_filter,
    peopleBase: row.people_base,
    peopleFilter: row.people_filter,
    attributes: JSON.parse(row.attributes) as DirectoryAttributes,
    intervalMinutes: row.interval_minutes,
    maxDisablePercent: row.max_disable_percent,
  };
}

/** The source settings with a way to open the password when a sync needs it; undefined when unset. */
export async function loadDirectoryConfig(
  db: Kysely<Database>,
  secrets: SecretBox,
): Promise<StoredDirectoryConfig | undefined> {
  const row = await db.selectFrom('directory_config').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return undefined;
  return {
    config: configFromRow(row),
    bindPassword: () => secrets.open(PASSWORD_OWNER, row.bind_password_box),
  };
}

export async function directoryConfigView(db: Kysely<Database>): Promise<DirectoryConfigView> {
  const row = await db.selectFrom('directory_config').selectAll().where('id', '=', 1).executeTakeFirst();
  return { config: row ? configFromRow(row) : null, passwordSet: row !== undefined };
}

/** Stores the settings; the password sealed under the KEK, kept when the body leaves it out. Audited. */
export async function putDirectoryConfig(
  db: Kysely<Database>,
  secrets: SecretBox,
  body: PutDirectoryConfigBody,
  who: Who,
  now: Date,
): Promise<DirectoryConfigView> {
  const c = body.config;
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('directory_config')
      .select('bind_password_box')
      .where('id', '=', 1)
      .executeTakeFirst();
    const box =
      body.bindPassword !== undefined
        ? secrets.seal(PASSWORD_OWNER, body.bindPassword)
        : existing?.bind_password_box;
    if (box === undefined)
      throw new AppError('ERR_VALIDATION', 'the first settings need a bind password', ['bindPassword']);
    const row = {
      url: c.url,
      start_tls: c.startTls ? 1 : 0,
      ca_pem: c.caCertificate,
      bind_dn: c.bindDn,
      bind_password_box: box,
      unit_base: c.unitBase,
      unit_filter: c.unitFilter,
      people_base: c.peopleBase,
      people_filter: c.peopleFilter,
      attributes: JSON.stringify(c.attributes),
      interval_minutes: c.intervalMinutes,
      max_disable_percent: c.maxDisablePercent,
      updated_by: who.actor ?? 'unknown',
      updated_at: now.toISOString(),
    };
    await trx
      .insertInto('directory_config')
      .values({ id: 1, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await appendAudit(
      trx,
      { ...who, action: 'directory.config', object: `ldap:${c.url}`, outcome: 'success' },
      { clock: () => now },
    );
  });
  return directoryConfigView(db);
}

/** When the last scheduled run started; undefined when none has. */
export async function lastScheduledRun(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('directory_runs')
    .select('started_at')
    .where('trigger', '=', 'schedule')
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
  return row?.started_at;
}

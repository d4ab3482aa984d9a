import { randomUUID } from 'node:crypto';
import type { DataSource } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { Database, DataSourceTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import { bearerKeySha256, newApiKey, sameKeySha256 } from '../auth/api-keys.ts';

// The academic and HR systems push records with an API key (auth/api-keys.ts), shown once, when the
// source is created.

type Who = Omit<AuditEvent, 'action' | 'object' | 'outcome'>;

function toDataSource(r: Selectable<DataSourceTable>): DataSource {
  return {
    id: r.id,
    name: r.name,
    keyPrefix: r.key_prefix,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

export async function listDataSources(db: Kysely<Database>): Promise<DataSource[]> {
  const rows = await db
    .selectFrom('data_sources')
    .selectAll()
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  return rows.map(toDataSource);
}

export async function createDataSource(
  db: Kysely<Database>,
  name: string,
  who: Who & { userId: string },
  clock: () => Date,
): Promise<{ source: DataSource; apiKey: string }> {
  const { key: apiKey, prefix, sha256 } = newApiKey();
  const { userId, ...audit } = who;
  const row = {
    id: randomUUID(),
    name,
    key_prefix: prefix,
    key_sha256: sha256,
    created_by: userId,
    created_at: clock().toISOString(),
    revoked_at: null,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('data_sources').values(row).execute();
    await appendAudit(
      trx,
      { ...audit, action: 'datasource.create', object: `data_source:${row.id}`, outcome: 'success' },
      { clock },
    );
  });
  return { source: toDataSource(row), apiKey };
}

/** Revokes a source's key for good; revoking it again changes nothing and is not audited twice. */
export async function revokeDataSource(
  db: Kysely<Database>,
  id: string,
  who: Who,
  clock: () => Date,
): Promise<DataSource> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('data_sources').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('ERR_NOT_FOUND', `data source ${id} not found`);
    if (row.revoked_at !== null) return toDataSource(row);
    const revokedAt = clock().toISOString();
    await trx.updateTable('data_sources').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
    await appendAudit(
      trx,
      { ...who, action: 'datasource.revoke', object: `data_source:${id}`, outcome: 'success' },
      { clock },
    );
    return toDataSource({ ...row, revoked_at: revokedAt });
  });
}

/** The active source an `Authorization: Bearer <key>` header names, or null. */
export async function sourceForAuthorization(
  db: Kysely<Database>,
  header: string | undefined,
): Promise<DataSource | null> {
  const hash = bearerKeySha256(header);
  if (!hash) return null;
  const row = await db
    .selectFrom('data_sources')
    .selectAll()
    .where('key_sha256', '=', hash)
    .executeTakeFirst();
  if (!row || !sameKeySha256(row.key_sha256, hash)) return null;
  return row.revoked_at === null ? toDataSource(row) : null;
}

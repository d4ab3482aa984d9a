import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DataSource } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { Database, DataSourceTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';

// The academic and HR systems push records with an API key: 32 random bytes, base64url, after a
// recognisable prefix. Only its SHA-256 is stored (a 256-bit random key needs no slow hash), so a
// copy of the database yields no usable key; the key is shown once, when the source is created.

const KEY_PREFIX = 'osk_';
/** `osk_` and 8 characters of the key: enough to tell keys apart, far too little to guess one. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 8;
const KEY_PATTERN = /^osk_[A-Za-z0-9_-]{43}$/;

type Who = Omit<AuditEvent, 'action' | 'object' | 'outcome'>;

function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

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
  const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const { userId, ...audit } = who;
  const row = {
    id: randomUUID(),
    name,
    key_prefix: apiKey.slice(0, SHOWN_PREFIX_LENGTH),
    key_sha256: sha256Hex(apiKey),
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
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const key = match?.[1];
  if (!key || !KEY_PATTERN.test(key)) return null;
  const hash = sha256Hex(key);
  const row = await db
    .selectFrom('data_sources')
    .selectAll()
    .where('key_sha256', '=', hash)
    .executeTakeFirst();
  // The lookup is by hash, so timing reveals nothing about the key; the compare is constant-time anyway.
  if (!row || !timingSafeEqual(Buffer.from(row.key_sha256, 'hex'), Buffer.from(hash, 'hex'))) return null;
  return row.revoked_at === null ? toDataSource(row) : null;
}

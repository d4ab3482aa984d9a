// The credential archive: search in the caller's org scope, one credential, revocation, retention per
// type, and what the archive says about a file by its SHA-256 (for the public verification).
import type {
  ArchivedCredentialStatus,
  ArchivePage,
  ArchiveQuery,
  CredentialDetail,
  Permission,
  RetentionSetting,
} from '@openseal/contract';
import { ROLE_PERMISSIONS } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Grant } from '../../plugins/access-policy.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { credentialRevoked, recordEvent } from '../integrations/events/business-events.ts';
import { unitPaths } from '../org/org-service.ts';
import { unitIdsUnder } from '../org/unit-reads.ts';
import { auditWho, type SealActor } from '../seals/seals-context.ts';
import { normalizeCode } from './credential-codes.ts';
import {
  type CredentialRow,
  credentialDetail,
  credentialSummary,
  credentialsQuery,
} from './credential-view.ts';
import type { CredentialsContext } from './credentials-context.ts';

/** The org paths under which `grants` carry `permission` (each grant covers its unit's subtree). */
export async function scopePaths(
  db: Kysely<Database>,
  grants: readonly Grant[],
  permission: Permission,
): Promise<string[]> {
  const units = grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission)).map((g) => g.orgUnitId);
  return [...(await unitPaths(db, units)).values()];
}

export async function searchArchive(
  db: Kysely<Database>,
  paths: readonly string[],
  q: ArchiveQuery,
): Promise<ArchivePage> {
  if (paths.length === 0) return { items: [], total: 0 };
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const units = await unitIdsUnder(db, paths);
  if (units.length === 0) return { items: [], total: 0 };
  let query = credentialsQuery(db).where('credentials.unit_id', 'in', units);
  if (q.person) {
    const person = q.person.trim();
    query = query.where((eb) =>
      eb.or([eb('credentials.subject', '=', person), eb('credentials.subject_name', 'like', `%${person}%`)]),
    );
  }
  // Typed from paper: read as Crockford base32 (case, dashes, O/0 and I/L/1 alike).
  if (q.number?.trim()) query = query.where('credentials.public_id', '=', normalizeCode(q.number));
  if (q.code?.trim()) query = query.where('credentials.code', '=', normalizeCode(q.code));
  if (q.typeCode) query = query.where('credentials.type_code', '=', q.typeCode);
  if (q.status) query = query.where('credentials.status', '=', q.status);
  if (q.jobId) query = query.where('credentials.job_id', '=', q.jobId);
  // Dates are calendar days (UTC) on issued_at, both ends included.
  if (q.from) query = query.where('credentials.issued_at', '>=', `${q.from}T00:00:00.000Z`);
  if (q.to) query = query.where('credentials.issued_at', '<', nextDay(q.to));
  const [{ total }] = (await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('total'))
    .execute()) as [{ total: string | number }];
  const rows = (await query
    .orderBy('credentials.issued_at', 'desc')
    .orderBy('credentials.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()) as CredentialRow[];
  return { items: rows.map(credentialSummary), total: Number(total) };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

export async function credentialRow(db: Kysely<Database>, id: string): Promise<CredentialRow> {
  const row = (await credentialsQuery(db).where('credentials.id', '=', id).executeTakeFirst()) as
    | CredentialRow
    | undefined;
  if (!row) throw new AppError('ERR_NOT_FOUND', `credential ${id} not found`);
  return row;
}

/** The org unit a credential belongs to (its type's owner unit when issued): the archive routes' scope. */
export async function credentialUnit(db: Kysely<Database>, id: string): Promise<string> {
  const row = await db.selectFrom('credentials').select('unit_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `credential ${id} not found`);
  return row.unit_id;
}

/** Revokes a credential: the file stays archived, the public view and verification say revoked. */
export async function revokeCredential(
  ctx: CredentialsContext,
  id: string,
  reason: string,
  by: SealActor,
): Promise<CredentialDetail> {
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('credentials')
      .set({ status: 'revoked', revoked_at: now, revoked_by: by.userId, revoke_reason: reason })
      .where('id', '=', id)
      .where('status', '=', 'issued')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom('credentials').select('id').where('id', '=', id).executeTakeFirst();
      throw exists ? new AppError('ERR_CREDENTIAL_ALREADY_REVOKED') : new AppError('ERR_NOT_FOUND');
    }
    await appendAudit(
      trx,
      { ...auditWho(by), action: 'credential.revoke', object: `credential:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
    await recordEvent(trx, credentialRevoked(id), new Date(now));
  });
  return credentialDetail(await credentialRow(ctx.db, id), ctx.publicUrl);
}

export async function listRetention(db: Kysely<Database>): Promise<RetentionSetting[]> {
  const rows = await db
    .selectFrom('credential_templates')
    .select(['code', 'name_zh', 'name_en', 'retention_years'])
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    typeCode: r.code,
    typeName: { zh: r.name_zh, en: r.name_en },
    retentionYears: Number(r.retention_years),
  }));
}

/** The owner unit of a credential type: the retention route's scope. */
export async function templateUnitByCode(db: Kysely<Database>, typeCode: string): Promise<string> {
  const row = await db
    .selectFrom('credential_templates')
    .select('owner_unit_id')
    .where('code', '=', typeCode)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `credential type ${typeCode} not found`);
  return row.owner_unit_id;
}

/**
 * Sets how long a type's credentials are kept from now on; credentials already issued keep the
 * retain-until date they were issued with.
 */
export async function setRetention(
  ctx: CredentialsContext,
  typeCode: string,
  years: number,
  by: SealActor,
): Promise<RetentionSetting> {
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('credential_templates')
      .set({ retention_years: years })
      .where('code', '=', typeCode)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('ERR_NOT_FOUND');
    await appendAudit(
      trx,
      {
        ...auditWho(by),
        action: 'credential.retention',
        object: `credential-type:${typeCode}`,
        outcome: 'success',
      },
      { clock: ctx.clock },
    );
    const row = await trx
      .selectFrom('credential_templates')
      .select(['code', 'name_zh', 'name_en', 'retention_years'])
      .where('code', '=', typeCode)
      .executeTakeFirstOrThrow();
    return {
      typeCode: row.code,
      typeName: { zh: row.name_zh, en: row.name_en },
      retentionYears: Number(row.retention_years),
    };
  });
}

/** What the archive says about this exact file, when it is a credential we issued. */
export async function archivedCredentialBySha256(
  db: Kysely<Database>,
  sha256: string,
): Promise<ArchivedCredentialStatus | null> {
  const row = (await credentialsQuery(db).where('credentials.sha256', '=', sha256).executeTakeFirst()) as
    | CredentialRow
    | undefined;
  if (!row) return null;
  return {
    publicId: row.public_id,
    status: row.status,
    typeName: { zh: row.name_zh, en: row.name_en },
    subjectName: row.subject_name,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
  };
}

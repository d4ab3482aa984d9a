import { createHash } from 'node:crypto';
import { routes, type SchoolNameBody, type SchoolProfile } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import { renameOrgUnit, rootUnit } from '../org/org-service.ts';
import { checkLogo, type LogoMediaType } from './logo-check.ts';

type Who = Pick<AuditEvent, 'actor' | 'role' | 'org' | 'requestId'>;

/** The name (the org tree's root) and, when set, the logo's address versioned by its hash. */
export async function schoolProfile(db: Kysely<Database>): Promise<SchoolProfile> {
  const [root, logo] = await Promise.all([
    rootUnit(db),
    db.selectFrom('school_logo').select('sha256').where('id', '=', 1).executeTakeFirst(),
  ]);
  return {
    nameZh: root.nameZh,
    nameEn: root.nameEn,
    logoUrl: logo ? `${routes.schoolLogo.path}?v=${logo.sha256.slice(0, 16)}` : null,
  };
}

export async function schoolLogo(
  db: Kysely<Database>,
): Promise<{ mediaType: LogoMediaType; bytes: Buffer } | undefined> {
  const row = await db
    .selectFrom('school_logo')
    .select(['media_type', 'data'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ? { mediaType: row.media_type, bytes: Buffer.from(row.data, 'base64') } : undefined;
}

/** Renames the root unit: the school's name everywhere the org tree shows it. Audited. */
export async function renameSchool(
  db: Kysely<Database>,
  body: SchoolNameBody,
  who: Who,
): Promise<SchoolProfile> {
  const root = await rootUnit(db);
  await db.transaction().execute(async (trx) => {
    await renameOrgUnit(trx, root.id, { nameZh: body.nameZh.trim(), nameEn: body.nameEn.trim() });
    await appendAudit(trx, { ...who, action: 'school.rename', object: `org:${root.id}`, outcome: 'success' });
  });
  return schoolProfile(db);
}

/** Stores the logo (checked first) in place of any earlier one. Audited with the file's hash. */
export async function setSchoolLogo(
  db: Kysely<Database>,
  bytes: Buffer,
  mediaType: LogoMediaType,
  who: Who,
  now: Date,
): Promise<SchoolProfile> {
  checkLogo(bytes, mediaType);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const row = {
    media_type: mediaType,
    data: bytes.toString('base64'),
    sha256,
    updated_by: who.actor ?? 'unknown',
    updated_at: now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('school_logo')
      .values({ id: 1, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await appendAudit(trx, { ...who, action: 'school.logo', object: `logo:${sha256}`, outcome: 'success' });
  });
  return schoolProfile(db);
}

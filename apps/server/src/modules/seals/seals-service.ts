import { randomUUID } from 'node:crypto';
import type {
  CreateSealBody,
  GrantSealUseBody,
  Seal,
  SealAppearanceSpec,
  SealTrajectoryEvent,
} from '@openseal/contract';
import { AppearanceError, buildSealAppearance } from '@openseal/pdf-sign';
import { generateKeyPairAsync } from '@openseal/pki';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SealTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { encryptKeyEnvelope } from '../../plugins/keys.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { subtreeIds } from '../org/org-service.ts';
import { type SealLifecycleAction, sealTransition } from './seal-lifecycle.ts';
import { auditWho, type SealActor, type SealsContext } from './seals-context.ts';

/** Columns a seal is shown from: the key envelope is never selected outside useSeal. */
const PUBLIC_COLUMNS = [
  'id',
  'name',
  'type',
  'owner_unit_id',
  'status',
  'custodian_user_id',
  'physical',
  'seal_spec',
  'certificate',
  'certificate_serial',
  'created_at',
] as const;
type PublicRow = Pick<Selectable<SealTable>, (typeof PUBLIC_COLUMNS)[number]>;

export function sealFromRow(row: PublicRow): Seal {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    ownerUnitId: row.owner_unit_id,
    status: row.status,
    custodianUserId: row.custodian_user_id,
    physical: Number(row.physical) === 1,
    spec: JSON.parse(row.seal_spec) as SealAppearanceSpec,
    certificateSerial: row.certificate_serial,
    certificate: row.certificate ? Buffer.from(row.certificate).toString('base64') : null,
    createdAt: row.created_at,
  };
}

export async function getSeal(db: Kysely<Database>, id: string): Promise<Seal> {
  const row = await db.selectFrom('seals').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `seal ${id} not found`);
  return sealFromRow(row);
}

/** The org unit a seal belongs to: the scope every per-seal route is authorised against. */
export async function sealOwnerUnit(db: Kysely<Database>, id: string): Promise<string> {
  const row = await db.selectFrom('seals').select('owner_unit_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `seal ${id} not found`);
  return row.owner_unit_id;
}

/** Seals owned by `unitId` and the units below it. */
export async function listSeals(db: Kysely<Database>, unitId: string): Promise<Seal[]> {
  const units = await subtreeIds(db, unitId);
  const rows = await db
    .selectFrom('seals')
    .select(PUBLIC_COLUMNS)
    .where('owner_unit_id', 'in', units)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(sealFromRow);
}

/**
 * Registers a seal. An electronic seal gets a fresh key and a certificate from the issuing CA
 * (O = owning unit, CN = seal name); the key is stored only envelope-encrypted under the KEK.
 */
export async function createSeal(ctx: SealsContext, body: CreateSealBody, who: SealActor): Promise<Seal> {
  const unit = await ctx.db
    .selectFrom('org_units')
    .select('name_zh')
    .where('id', '=', body.ownerUnitId)
    .executeTakeFirst();
  if (!unit) throw new AppError('ERR_NOT_FOUND', `org unit ${body.ownerUnitId} not found`);
  try {
    // Drawn now, so a character missing from the seal font is refused here rather than at first use.
    buildSealAppearance(body.spec);
  } catch (e) {
    if (e instanceof AppearanceError) throw new AppError('ERR_VALIDATION', e.message, [`/spec ${e.code}`]);
    throw e;
  }
  const id = randomUUID();
  const now = ctx.clock();
  let certificate: Uint8Array | null = null;
  let serial: string | null = null;
  let envelope: Uint8Array | null = null;
  if (!body.physical) {
    const { pki, kek } = ctx;
    if (!pki || !kek) throw new AppError('ERR_PKI_UNAVAILABLE');
    const keys = await generateKeyPairAsync('ecdsa-p256');
    // Issued before the row is written: a failed insert leaves an unused certificate, never a seal without one.
    const cert = await pki.issue({
      profile: 'seal',
      subject: [
        { type: 'O', value: unit.name_zh },
        { type: 'CN', value: body.name },
      ],
      publicKey: keys.publicKey,
      now,
    });
    certificate = cert.der;
    serial = cert.serialHex;
    envelope = encryptKeyEnvelope(kek, keys.privateKey, id);
  }
  const row = {
    id,
    name: body.name,
    type: body.type,
    owner_unit_id: body.ownerUnitId,
    status: 'active' as const,
    custodian_user_id: body.custodianUserId ?? null,
    physical: body.physical ? 1 : 0,
    seal_spec: JSON.stringify(body.spec),
    certificate,
    certificate_serial: serial,
    key_envelope: envelope,
    created_at: now.toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('seals').values(row).execute();
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'seal.create', object: `seal:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
  });
  return sealFromRow(row);
}

/**
 * One lifecycle change with its audit entry in one transaction. The status update is conditional
 * on the status read, so two concurrent changes cannot both apply. Revocation also revokes the
 * certificate at the CA; destruction wipes the key material and keeps the record.
 */
export async function changeSealStatus(
  ctx: SealsContext,
  id: string,
  action: SealLifecycleAction,
  who: SealActor,
): Promise<Seal> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('seals')
      .select(['status', 'certificate_serial'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('ERR_NOT_FOUND', `seal ${id} not found`);
    const t = sealTransition(row.status, action);
    if (!t.ok) throw new AppError(t.code, `cannot ${action} a ${row.status} seal`);
    const updated = await trx
      .updateTable('seals')
      .set(action === 'destroy' ? { status: t.to, key_envelope: null } : { status: t.to })
      .where('id', '=', id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AppError('ERR_SEAL_STATE', 'the seal changed meanwhile');
    await appendAudit(
      trx,
      { ...auditWho(who), action: `seal.${action}`, object: `seal:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
    // Last, so a CA failure rolls the status back; a commit failure after it leaves the seal
    // revoked at the CA but not here, which fails closed.
    if (action === 'revoke' && row.certificate_serial) {
      if (!ctx.pki) throw new AppError('ERR_PKI_UNAVAILABLE');
      await ctx.pki.revoke(BigInt(`0x${row.certificate_serial}`), 'cessationOfOperation', ctx.clock());
    }
    return getSeal(trx, id);
  });
}

/** Lets `body.userId` stamp with the seal (until `body.until`, when given); replaces an earlier grant. */
export async function grantSealUse(
  ctx: SealsContext,
  id: string,
  body: GrantSealUseBody,
  who: SealActor,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('id', '=', body.userId).executeTakeFirst();
    if (!user) throw new AppError('ERR_NOT_FOUND', `user ${body.userId} not found`);
    await trx
      .deleteFrom('seal_use_grants')
      .where('seal_id', '=', id)
      .where('user_id', '=', body.userId)
      .execute();
    await trx
      .insertInto('seal_use_grants')
      .values({
        seal_id: id,
        user_id: body.userId,
        until: body.until ? new Date(body.until).toISOString() : null,
        created_at: ctx.clock().toISOString(),
      })
      .execute();
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'seal.grant', object: `seal:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
  });
}

/**
 * Made by, changed by, used by, when, on which document: the seal's audit entries (lifecycle,
 * grants, refused uses) merged with its document-ledger rows (successful uses), oldest first.
 */
export async function sealTrajectory(db: Kysely<Database>, id: string): Promise<SealTrajectoryEvent[]> {
  const audits = await db
    .selectFrom('audit_log')
    .select(['time', 'action', 'actor', 'outcome'])
    .where('object', '=', `seal:${id}`)
    .orderBy('seq')
    .execute();
  const uses = await db
    .selectFrom('sealed_documents')
    .select(['created_at', 'actor', 'sha256', 'purpose'])
    .where('seal_id', '=', id)
    .orderBy('created_at')
    .execute();
  const events: SealTrajectoryEvent[] = [
    ...audits.map((a) => ({ ...a, documentSha256: null, purpose: null })),
    ...uses.map((u) => ({
      time: u.created_at,
      action: 'seal.use',
      actor: u.actor,
      outcome: 'success',
      documentSha256: u.sha256,
      purpose: u.purpose,
    })),
  ];
  // Stable: equal times keep audit-before-ledger order.
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

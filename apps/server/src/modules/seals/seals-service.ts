import { createHash, randomUUID } from 'node:crypto';
import type { CreateSealBody, Seal, SealAppearanceSpec, SealImageType } from '@openseal/contract';
import { Certificate } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { existingUserIds } from '../auth/accounts.ts';
import { findOrgUnit, subtreeIds } from '../org/org-service.ts';
import { checkSealAppearance, type StoredSealImage } from './seal-image.ts';
import {
  destroySealKey,
  type GeneratedKeySource,
  type ImportedKeySource,
  type ProvisionedSealKey,
  provisionSealKey,
} from './seal-keys.ts';
import { type SealLifecycleAction, sealTransition } from './seal-lifecycle.ts';
import { issuingPkiOf } from './seal-pki.ts';
import { PUBLIC_COLUMNS, sealFromRow } from './seal-rows.ts';
import { auditWho, type SealActor, type SealsContext } from './seals-context.ts';

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

/** Every active seal of the organisation: what a seal-use request may name (the approval decides). */
export async function listActiveSeals(db: Kysely<Database>): Promise<Seal[]> {
  const rows = await db
    .selectFrom('seals')
    .select(PUBLIC_COLUMNS)
    .where('status', '=', 'active')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(sealFromRow);
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

/** A new seal as the service takes it: its image already read, its key generated here or imported. */
export interface NewSeal extends Omit<CreateSealBody, 'image' | 'key'> {
  image?: StoredSealImage;
  key?: GeneratedKeySource;
}

/**
 * Registers a seal. An electronic seal gets its key and certificate from provisionSealKey (a fresh
 * key with a certificate from the issuing CA, O = owning unit, CN = seal name; or an imported
 * PKCS#12); the picture is drawn (or the uploaded image read) first, so an unusable one is refused
 * before any key exists.
 */
export async function createSeal(
  ctx: SealsContext,
  body: NewSeal,
  who: SealActor,
  imported?: ImportedKeySource,
): Promise<Seal> {
  const unit = await findOrgUnit(ctx.db, body.ownerUnitId);
  if (!unit) throw new AppError('ERR_NOT_FOUND', `org unit ${body.ownerUnitId} not found`);
  // The certificate names the legal entity (the root of the org tree) as O and the unit as OU, so a
  // verifier reads "示范大学", not just "教务处", as who sealed.
  const rootId = unit.path.split('/').find((p) => p !== '');
  const root = unit.parentId ? await findOrgUnit(ctx.db, rootId ?? body.ownerUnitId) : unit;
  const image = checkSealAppearance(body.spec, body.image);
  const id = randomUUID();
  const now = ctx.clock();
  // Provisioned before the row is written: a failed insert leaves an unused certificate, never a seal without one.
  const key: ProvisionedSealKey | null = body.physical
    ? null
    : await provisionSealKey(ctx, id, imported ?? body.key ?? { source: 'generate' }, [
        { type: 'O', value: (root ?? unit).nameZh },
        ...(unit.parentId ? [{ type: 'OU' as const, value: unit.nameZh }] : []),
        { type: 'CN', value: body.name },
      ]);
  const row = {
    id,
    name: body.name,
    type: body.type,
    owner_unit_id: body.ownerUnitId,
    status: 'active' as const,
    custodian_user_id: body.custodianUserId ?? null,
    physical: body.physical ? 1 : 0,
    seal_spec: JSON.stringify(body.spec),
    image: image?.bytes ?? null,
    image_type: image?.mediaType ?? null,
    key_store: key?.keyStore ?? null,
    certificate: key?.certificate.der ?? null,
    certificate_serial: key?.certificate.serialHex ?? null,
    key_envelope: key?.envelope ?? null,
    sm2_certificate: key?.sm2?.certificate.der ?? null,
    sm2_certificate_serial: key?.sm2?.certificate.serialHex ?? null,
    sm2_key_envelope: key?.sm2?.envelope ?? null,
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
      .select(['status', 'certificate', 'sm2_certificate', 'key_store'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('ERR_NOT_FOUND', `seal ${id} not found`);
    const t = sealTransition(row.status, action);
    if (!t.ok) throw new AppError(t.code, `cannot ${action} a ${row.status} seal`);
    const updated = await trx
      .updateTable('seals')
      .set(
        action === 'destroy'
          ? { status: t.to, key_envelope: null, sm2_key_envelope: null, key_store: null }
          : { status: t.to },
      )
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
    if (action === 'revoke' && row.certificate) {
      if (!ctx.pki) throw new AppError('ERR_PKI_UNAVAILABLE');
      // A dual seal's companion SM2 certificate is revoked too, in the SM2 hierarchy.
      for (const der of [row.certificate, row.sm2_certificate]) {
        if (!der) continue;
        const cert = Certificate.fromDer(der);
        // An imported certificate from another CA is revoked there; the seal's status stops its use here.
        await issuingPkiOf(ctx, cert)?.revoke(cert.serialNumber, 'cessationOfOperation', ctx.clock());
      }
    }
    // A token key is destroyed in the token; a software key (and a dual seal's SM2 key) went with its envelope above.
    if (action === 'destroy') destroySealKey(ctx, { id, key_store: row.key_store });
    return getSeal(trx, id);
  });
}

export interface SealChange {
  name?: string;
  ownerUnitId?: string;
  spec?: SealAppearanceSpec;
  image?: StoredSealImage;
}

/**
 * Changes a seal's name or picture (the certificate stays: its subject names the seal as made).
 * The new picture is drawn first; an image seal keeps its stored image unless a new one comes.
 */
export async function changeSeal(
  ctx: SealsContext,
  id: string,
  change: SealChange,
  who: SealActor,
): Promise<Seal> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('seals')
      .select(['status', 'seal_spec', 'image', 'image_type'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('ERR_NOT_FOUND', `seal ${id} not found`);
    if (row.status === 'revoked' || row.status === 'destroyed') throw new AppError('ERR_SEAL_INACTIVE');
    const set: {
      name?: string;
      owner_unit_id?: string;
      seal_spec?: string;
      image?: Uint8Array | null;
      image_type?: SealImageType | null;
    } = {};
    if (change.name) set.name = change.name;
    if (change.ownerUnitId) {
      if (!(await findOrgUnit(trx, change.ownerUnitId)))
        throw new AppError('ERR_NOT_FOUND', `org unit ${change.ownerUnitId} not found`);
      set.owner_unit_id = change.ownerUnitId;
    }
    if (change.spec) {
      const keep = change.spec.kind === 'image' && !change.image && row.image && row.image_type;
      const image = keep
        ? checkSealAppearance(change.spec, {
            mediaType: row.image_type as SealImageType,
            bytes: row.image as Uint8Array,
          })
        : checkSealAppearance(change.spec, change.image);
      set.seal_spec = JSON.stringify(change.spec);
      set.image = image?.bytes ?? null;
      set.image_type = image?.mediaType ?? null;
    }
    await trx.updateTable('seals').set(set).where('id', '=', id).execute();
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'seal.change', object: `seal:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
    return getSeal(trx, id);
  });
}

/** Hands a seal to a new custodian (保管人), with its audit entry. */
export async function transferCustody(
  ctx: SealsContext,
  id: string,
  custodianUserId: string,
  who: SealActor,
): Promise<Seal> {
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await existingUserIds(trx, [custodianUserId])).has(custodianUserId))
      throw new AppError('ERR_NOT_FOUND', `user ${custodianUserId} not found`);
    const updated = await trx
      .updateTable('seals')
      .set({ custodian_user_id: custodianUserId })
      .where('id', '=', id)
      .where('status', '!=', 'destroyed')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AppError('ERR_SEAL_INACTIVE', `seal ${id} cannot be transferred`);
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'seal.transfer', object: `seal:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
    return getSeal(trx, id);
  });
}

/**
 * Our seals whose current certificate (or a dual seal's SM2 certificate) has one of these serials,
 * keyed by the certificate's SHA-256 fingerprint: a serial alone could be copied into a certificate
 * from some other CA.
 */
export async function sealNamesByCertificate(
  db: Kysely<Database>,
  serials: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (serials.length === 0) return names;
  const wanted = [...new Set(serials)];
  // A dual seal's SM2 signature names the seal by its companion certificate.
  const rows = await db
    .selectFrom('seals')
    .select(['name', 'certificate', 'sm2_certificate'])
    .where((eb) =>
      eb.or([eb('certificate_serial', 'in', wanted), eb('sm2_certificate_serial', 'in', wanted)]),
    )
    .execute();
  for (const row of rows) {
    for (const der of [row.certificate, row.sm2_certificate]) {
      if (der) names.set(createHash('sha256').update(der).digest('hex'), row.name);
    }
  }
  return names;
}

// What the seal step (modules/sealing) reads and counts in the seals domain's tables: the seal as it
// is signed with, its state again at commit, its key, and a grant's use. Batched by seal id.
import type { Kysely, Selectable } from 'kysely';
import type { Database, SealTable } from '../../db/schema.ts';

const SIGNING_COLUMNS = [
  'id',
  'owner_unit_id',
  'status',
  'physical',
  'seal_spec',
  'image',
  'image_type',
  'certificate',
  'key_store',
  'key_envelope',
  'sm2_certificate',
  'sm2_key_envelope',
] as const;

/** A seal's row as the seal step signs with it. */
export type SigningSealRow = Pick<Selectable<SealTable>, (typeof SIGNING_COLUMNS)[number]>;

/** What decides whether a seal can sign now. */
export type SealStateRow = Pick<
  Selectable<SealTable>,
  'id' | 'status' | 'physical' | 'certificate' | 'key_store'
>;

/** The stored parts of a seal's key. */
export type StoredSealKey = Pick<Selectable<SealTable>, 'id' | 'key_store' | 'key_envelope'>;

/** The stored parts of a dual seal's companion SM2 key (software store only). */
export type StoredSm2CompanionKey = Pick<Selectable<SealTable>, 'id' | 'sm2_key_envelope'>;

/** The seals of `ids` that exist, in no particular order. */
export async function sealsForSigning(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<SigningSealRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('seals').select(SIGNING_COLUMNS).where('id', 'in', ids).execute();
}

/** The current state of the seals of `ids` (inside the ledger transaction: the re-check at commit). */
export async function sealStates(db: Kysely<Database>, ids: readonly string[]): Promise<SealStateRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('seals')
    .select(['id', 'status', 'physical', 'certificate', 'key_store'])
    .where('id', 'in', ids)
    .execute();
}

export async function storedSealKey(
  db: Kysely<Database>,
  id: string,
): Promise<(StoredSealKey & StoredSm2CompanionKey) | undefined> {
  return db
    .selectFrom('seals')
    .select(['id', 'key_store', 'key_envelope', 'sm2_key_envelope'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Counts one use of grant `grantId`, atomically: two concurrent uses cannot both take a grant's last
 * use. False when the grant is used up or gone.
 */
export async function countGrantUse(trx: Kysely<Database>, grantId: string): Promise<boolean> {
  const counted = await trx
    .updateTable('seal_grants')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', grantId)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .executeTakeFirst();
  return Number(counted.numUpdatedRows) === 1;
}

/** The seals that can sign now, school-wide: active, electronic, with a certificate; by name. */
export async function signableSeals(
  db: Kysely<Database>,
): Promise<{ id: string; name: string; type: SealTable['type']; ownerUnitId: string }[]> {
  const rows = await db
    .selectFrom('seals')
    .select(['id', 'name', 'type', 'owner_unit_id'])
    .where('status', '=', 'active')
    .where('physical', '=', 0)
    .where('certificate', 'is not', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, ownerUnitId: r.owner_unit_id }));
}

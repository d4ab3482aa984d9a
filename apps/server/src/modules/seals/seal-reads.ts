// What other domains read about seals and their grants: names, the facts a request is checked
// against, certificates to watch, a grant's uses, and a unit's seals for reports. A leaf: it imports
// nothing from other modules, so risk (which the seal step calls) can read it without a cycle.
import type { Kysely, Selectable } from 'kysely';
import { inChunks } from '../../db/in-chunks.ts';
import type { Database, SealTable } from '../../db/schema.ts';

/** The names of the seals among `ids` that exist, by id. */
export async function sealNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await inChunks(ids, (slice) =>
    db.selectFrom('seals').select(['id', 'name']).where('id', 'in', slice).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** What a request about a seal is checked against. */
export type SealFacts = Pick<
  Selectable<SealTable>,
  'id' | 'name' | 'type' | 'owner_unit_id' | 'status' | 'physical' | 'key_store'
>;

export async function findSealFacts(db: Kysely<Database>, id: string): Promise<SealFacts | undefined> {
  return db
    .selectFrom('seals')
    .select(['id', 'name', 'type', 'owner_unit_id', 'status', 'physical', 'key_store'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The certificates of the seals still in use (active or suspended). */
export async function certificatesInUse(
  db: Kysely<Database>,
): Promise<{ id: string; certificate: Uint8Array }[]> {
  const rows = await db
    .selectFrom('seals')
    .select(['id', 'certificate'])
    .where('status', 'in', ['active', 'suspended'])
    .where('certificate', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, certificate: r.certificate as Uint8Array }));
}

/** How many uses a grant has had and allows (null: no limit), or undefined when it is gone. */
export async function grantUses(
  db: Kysely<Database>,
  grantId: string,
): Promise<{ uses: number; maxUses: number | null } | undefined> {
  const grant = await db
    .selectFrom('seal_grants')
    .select(['uses', 'max_uses'])
    .where('id', '=', grantId)
    .executeTakeFirst();
  return grant && { uses: Number(grant.uses), maxUses: grant.max_uses };
}

/** The seals owned by `unitIds`, with their owner, type and status. */
export async function sealsOwnedBy(
  db: Kysely<Database>,
  unitIds: readonly string[],
): Promise<{ id: string; name: string; ownerUnitId: string; type: string; status: string }[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('seals')
    .select(['id', 'name', 'owner_unit_id', 'type', 'status'])
    .where('owner_unit_id', 'in', [...unitIds])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    ownerUnitId: r.owner_unit_id,
    type: r.type,
    status: r.status,
  }));
}

import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Dual seals (双算法): an ECDSA seal may carry a companion SM2 key with the same subject, certified by
 * the SM2 hierarchy; every stamp then adds an invisible SM2 signature beside the visible ECDSA one.
 * The companion's certificate, serial and key envelope (owner `${id}:sm2`) sit beside the primary's;
 * all three stay null for every other seal.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = dialectOf(db) === 'sqlite' ? 'blob' : 'bytea';
  await db.schema.alterTable('seals').addColumn('sm2_certificate', bytes).execute();
  await db.schema.alterTable('seals').addColumn('sm2_certificate_serial', 'text').execute();
  await db.schema.alterTable('seals').addColumn('sm2_key_envelope', bytes).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('seals').dropColumn('sm2_key_envelope').execute();
  await db.schema.alterTable('seals').dropColumn('sm2_certificate_serial').execute();
  await db.schema.alterTable('seals').dropColumn('sm2_certificate').execute();
}

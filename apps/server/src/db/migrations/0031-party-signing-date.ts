import type { Kysely } from 'kysely';

/** Where a contract party's signing date is printed when they sign (a template's 签署日期 box). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contract_parties').addColumn('signing_date_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contract_parties').dropColumn('signing_date_at').execute();
}

import type { Kysely } from 'kysely';

/**
 * The messages worker reads the outbox for a few event types (credential issued, risk alert raised)
 * among many (every seal use is one): by type and time it seeks each type's rows instead of passing
 * over every seal use of its look-back window on each run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('integration_events_type_created')
    .on('integration_events')
    .columns(['type', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('integration_events_type_created').execute();
}

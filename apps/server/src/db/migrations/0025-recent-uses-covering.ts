import type { Kysely } from 'kysely';

/** The two indexes the burst rule counts from, by the column they start with. */
const INDEXES = [
  ['seal_id', 'seal'],
  ['user_id', 'user'],
] as const;

/**
 * The burst rule counts a user's and a seal's recent uses on every seal use, leaving credentials
 * out by their purpose. With purpose in the (user|seal, time) indexes that count is read from the
 * index alone; before, each use in the window was a lookup of its row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [column, name] of INDEXES) {
    await db.schema.dropIndex(`sealed_documents_${name}_time_idx`).execute();
    await db.schema
      .createIndex(`sealed_documents_${name}_time_purpose_idx`)
      .on('sealed_documents')
      .columns([column, 'created_at', 'purpose'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [column, name] of INDEXES) {
    await db.schema.dropIndex(`sealed_documents_${name}_time_purpose_idx`).execute();
    await db.schema
      .createIndex(`sealed_documents_${name}_time_idx`)
      .on('sealed_documents')
      .columns([column, 'created_at'])
      .execute();
  }
}

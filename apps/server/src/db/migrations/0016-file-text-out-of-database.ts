import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * The text extracted from a request's file was kept beside it in approval_files, so the database
 * held documents' contents in plain, out of reach of their encryption at rest (seed 003: those who
 * run the database must not read business files). The diff between rounds now reads the text from
 * the stored file. The values are cleared before the column goes: PostgreSQL's DROP COLUMN leaves
 * them inside the rows, an UPDATE writes the rows anew without them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite otherwise may leave deleted values in the file's free space; the connection's own
  // setting is restored after.
  const sqlite = dialectOf(db) === 'sqlite';
  const secureDelete = sqlite
    ? (await sql<{ secure_delete: number }>`PRAGMA secure_delete`.execute(db)).rows[0]?.secure_delete
    : undefined;
  if (sqlite) await sql`PRAGMA secure_delete = ON`.execute(db);
  await db
    .withTables<{ approval_files: { text: string | null } }>()
    .updateTable('approval_files')
    .set({ text: null })
    .where('text', 'is not', null)
    .execute();
  await db.schema.alterTable('approval_files').dropColumn('text').execute();
  if (sqlite) await sql.raw(`PRAGMA secure_delete = ${Number(secureDelete ?? 0)}`).execute(db);
}

/** The column comes back empty: the text is in the files, and the diff no longer reads it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('approval_files').addColumn('text', 'text').execute();
}

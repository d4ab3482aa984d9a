import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';

/** What staged uploads need: the database, the clock, and a file store of their own (DATA_DIR/uploads). */
export interface UploadsContext {
  db: Kysely<Database>;
  clock: () => Date;
  /** Not the documents' store: purging an upload must never remove a stored document with the same bytes. */
  files: FileStore;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import type { RequestExecutor } from './request-execution.ts';

/** What the request service needs, passed in: the database, the clock, the file store and the seal service. */
export interface ApprovalsContext {
  db: Kysely<Database>;
  clock: () => Date;
  files: FileStore;
  seals: SealsContext;
  /**
   * Carry out approved requests of types other modules own (credential.issue), filled by those
   * modules as they start: the approvals context exists before them.
   */
  executors: Map<string, RequestExecutor>;
}

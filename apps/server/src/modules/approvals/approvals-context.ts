import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import type { UploadsContext } from '../uploads/uploads-context.ts';
import type { RequestExecutor } from './request-execution.ts';

/** What the request service needs, passed in: the database, the clock, the file stores and the seal service. */
export interface ApprovalsContext {
  db: Kysely<Database>;
  clock: () => Date;
  files: FileStore;
  /** Files staged by POST /api/uploads, which submissions name. */
  uploads: UploadsContext;
  seals: SealsContext;
  /**
   * Carry out approved requests of types other modules own (credential.issue), filled by those
   * modules as they start: the approvals context exists before them.
   */
  executors: Map<string, RequestExecutor>;
  /** What a request of such a type is about, read by the module that owns it (filled as executors are). */
  subjects: Map<string, RequestSubject>;
}

/**
 * The subject of a request of a type another module owns: the name its title shows and the unit
 * that answers for it (its head approves). Refuses a subject that cannot be asked for.
 */
export type RequestSubject = (payload: Record<string, unknown>) => Promise<{ name: string; unitId: string }>;

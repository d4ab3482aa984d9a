import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import type { Jobs } from '../../plugins/jobs.ts';
import type { CredentialsContext } from '../credentials/credentials-context.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import type { ServiceKeyGate } from './service-keys.ts';

/** What the service API needs, passed in: the seal step's and the credentials' contexts it calls. */
export interface ServiceApiContext {
  db: Kysely<Database>;
  clock: () => Date;
  seals: SealsContext;
  credentials: CredentialsContext;
  /** Where batch files, uploaded and sealed, are kept (the documents' store). */
  files: FileStore;
  jobs: Jobs;
  log: FastifyBaseLogger;
  /** The key check the authorize hook runs; the handlers read its caller. */
  keys: ServiceKeyGate;
  /** How many files of a batch are sealed at once; default 4. */
  batchConcurrency?: number;
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import type { SealActor, SealsContext } from '../seals/seals-context.ts';
import type { UploadsContext } from '../uploads/uploads-context.ts';
import type { RealNameProvider } from './real-name/real-name-provider.ts';

export interface ContractsContext {
  db: Kysely<Database>;
  clock: () => Date;
  timeZone: string;
  /** Every state of a contract's file, by SHA-256. */
  files: FileStore;
  uploads: UploadsContext;
  /** Where readers reach the server: the evidence report's verification address. */
  publicUrl: string;
  /** 实名认证 for parties that ask for it; absent: such contracts cannot be started. */
  realName?: RealNameProvider;
  /** The seal step (organisation parties) and the PKI that certifies people's keys. */
  seals: SealsContext;
}

/** Who acts, as the evidence trail records them: the audit's fields, the address and the browser. */
export interface ContractActor extends SealActor {
  ip: string | null;
  userAgent: string | null;
}

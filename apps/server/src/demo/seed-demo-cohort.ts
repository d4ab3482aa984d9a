import type { CredentialsContext } from '../modules/credentials/credentials-context.ts';
import { insertRecords, type RecordItem } from '../modules/credentials/records-service.ts';
import { demoRecordFor, demoStudents } from './credentials/sample-people.ts';

/** A generated cohort of demo graduates, with their records of one demo credential type. */
export interface DemoCohort {
  /** A demo credential type's code, e.g. 'major-transcript-zh'. */
  typeCode: string;
  /** The cohort the records carry, and the prefix of their external ids and subjects. */
  cohort: string;
  count: number;
  /** The generator's seed: the same seed gives the same people. */
  seed: number;
}

/**
 * Stores a cohort's records in one transaction, as the academic system would send them (source
 * 'demo'): a batch to try or measure. Subjects are `<cohort>-000000`, `<cohort>-000001`, …
 */
export async function seedDemoCohort(ctx: CredentialsContext, cohort: DemoCohort): Promise<void> {
  const now = ctx.clock();
  const items: RecordItem[] = demoStudents(cohort.count, cohort.seed).map((s, i) => ({
    externalId: `${cohort.cohort}-${i}`,
    subject: `${cohort.cohort}-${String(i).padStart(6, '0')}`,
    subjectName: s.name,
    cohort: cohort.cohort,
    data: demoRecordFor(cohort.typeCode, s, now),
  }));
  await ctx.db.transaction().execute((trx) => insertRecords(trx, cohort.typeCode, items, 'demo', now));
}

import { diffLines } from 'diff';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

export interface RequestDiff {
  fromRound: number;
  toRound: number;
  parts: { kind: 'same' | 'added' | 'removed'; text: string }[];
}

/**
 * What changed between the last two versions of a request's file, line by line on the extracted
 * text, for the approver of a resubmitted request. A version whose text could not be extracted
 * (a scanned PDF) diffs as empty, so the approver still sees that it changed.
 */
export async function requestDiff(db: Kysely<Database>, requestId: string): Promise<RequestDiff> {
  const files = await db
    .selectFrom('approval_files')
    .select(['round', 'text'])
    .where('request_id', '=', requestId)
    .orderBy('round', 'desc')
    .limit(2)
    .execute();
  const [newer, older] = files;
  if (!newer || !older) throw new AppError('ERR_NOT_FOUND', 'the request has only one version of its file');
  const parts = diffLines(older.text ?? '', newer.text ?? '').map((c) => ({
    kind: c.added ? ('added' as const) : c.removed ? ('removed' as const) : ('same' as const),
    text: c.value,
  }));
  return { fromRound: older.round, toRound: newer.round, parts };
}

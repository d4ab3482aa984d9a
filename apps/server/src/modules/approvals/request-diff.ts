import { diffLines } from 'diff';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import { textOf } from './file-text.ts';

export interface RequestDiff {
  fromRound: number;
  toRound: number;
  parts: { kind: 'same' | 'added' | 'removed'; text: string }[];
}

/**
 * What changed between the last two versions of a request's file, line by line on the text read
 * from the stored files, for the approver of a resubmitted request. A version whose text cannot be
 * extracted (a scanned PDF) diffs as empty, so the approver still sees that it changed.
 */
export async function requestDiff(
  db: Kysely<Database>,
  files: FileStore,
  requestId: string,
): Promise<RequestDiff> {
  const versions = await db
    .selectFrom('approval_files')
    .select(['round', 'sha256'])
    .where('request_id', '=', requestId)
    .orderBy('round', 'desc')
    .limit(2)
    .execute();
  const [newer, older] = versions;
  if (!newer || !older) throw new AppError('ERR_NOT_FOUND', 'the request has only one version of its file');
  const [newerText, olderText] = await Promise.all(
    [newer, older].map(async (v) => textOf(await files.get(v.sha256))),
  );
  const parts = diffLines(olderText ?? '', newerText ?? '').map((c) => ({
    kind: c.added ? ('added' as const) : c.removed ? ('removed' as const) : ('same' as const),
    text: c.value,
  }));
  return { fromRound: older.round, toRound: newer.round, parts };
}

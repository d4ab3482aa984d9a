// Keyset pages in (time, id) order: the rows past a cursor. Written as `time >= t AND (time > t OR
// id > i)`, which lets the database seek its (time, id) index to the cursor. The textbook form
// `time > t OR (time = t AND id > i)` means the same, but SQLite then reads the index from its first
// entry on every page: a worker paging a table that only grows got slower by the day.
import { type Expression, type SqlBool, sql } from 'kysely';

export interface KeysetCursor {
  time: string;
  id: string;
}

/**
 * The condition for the rows after `cursor` in ascending (time, id) order, or before it in descending
 * order (`direction` 'desc'). `time` and `id` name the columns, qualified as the query needs.
 */
export function pastCursor(
  time: string,
  id: string,
  cursor: KeysetCursor,
  direction: 'asc' | 'desc' = 'asc',
): Expression<SqlBool> {
  const [reach, pass] = direction === 'asc' ? ['>=', '>'] : ['<=', '<'];
  const t = sql.ref(time);
  return sql<SqlBool>`(${t} ${sql.raw(reach)} ${cursor.time} and (${t} ${sql.raw(pass)} ${cursor.time} or ${sql.ref(id)} ${sql.raw(pass)} ${cursor.id}))`;
}

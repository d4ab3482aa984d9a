// A batched lookup by ids asks with one `in (...)` list. A whole year's CSV export can name tens of
// thousands of people, past what one statement may bind (SQLite 32,766 parameters, PostgreSQL
// 65,535), so the list is cut into slices and the answers joined.

/** The most values one `in (...)` list carries, with room left for the rest of the statement. */
export const IN_LIST_MAX = 5_000;

/** Runs `query` once per slice of the distinct `values` (at most IN_LIST_MAX each) and joins its rows. */
export async function inChunks<V, R>(values: Iterable<V>, query: (slice: V[]) => Promise<R[]>): Promise<R[]> {
  const distinct = [...new Set(values)];
  const rows: R[] = [];
  for (let i = 0; i < distinct.length; i += IN_LIST_MAX)
    rows.push(...(await query(distinct.slice(i, i + IN_LIST_MAX))));
  return rows;
}

/** Whether a driver error is a unique-constraint violation (PostgreSQL 23505, SQLite's UNIQUE/PRIMARY KEY). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

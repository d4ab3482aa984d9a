import type { Migration } from 'kysely';
import * as auditLog from './0001-audit-log.ts';

/** Every migration in order, listed by hand so the bundle-free source knows them without a directory scan. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-audit-log': auditLog,
};

// What other domains read from the audit log: the entries filed under their objects (a seal's
// trajectory). A leaf: it imports nothing from other modules.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The entries whose object is one of `objects` or starts with one of `prefixes`, in chain order. */
export async function auditEntriesAbout(
  db: Kysely<Database>,
  about: { objects: readonly string[]; prefixes: readonly string[] },
) {
  return db
    .selectFrom('audit_log')
    .select(['time', 'action', 'actor', 'outcome'])
    .where((eb) =>
      eb.or([
        ...about.objects.map((object) => eb('object', '=', object)),
        ...about.prefixes.map((prefix) => eb('object', 'like', `${prefix}%`)),
      ]),
    )
    .orderBy('seq')
    .execute();
}

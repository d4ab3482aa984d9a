// What the messages module reads of an issued credential: whose it is (the subject's username) and
// what it is called in both languages, so the subject can be told it is ready. Never its contents.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface CredentialSubject {
  subjectUsername: string;
  typeNameZh: string;
  typeNameEn: string;
}

export async function credentialSubject(
  db: Kysely<Database>,
  credentialId: string,
): Promise<CredentialSubject | undefined> {
  const row = await db
    .selectFrom('credentials as c')
    .innerJoin('credential_templates as t', 't.id', 'c.template_id')
    .select(['c.subject', 't.name_zh', 't.name_en'])
    .where('c.id', '=', credentialId)
    .executeTakeFirst();
  return row && { subjectUsername: row.subject, typeNameZh: row.name_zh, typeNameEn: row.name_en };
}

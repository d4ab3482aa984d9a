// Credential rows as the API shows them: the summary for the archive, the detail (with the printed
// code and the verification URL) for the owner and the archive staff.
import type { CredentialDetail, CredentialSummary } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialTable, Database } from '../../db/schema.ts';
import { printedCode } from './credential-codes.ts';

export type CredentialRow = Selectable<CredentialTable> & { name_zh: string; name_en: string };

/** Credentials joined with their type's name. */
export function credentialsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('credentials')
    .innerJoin('credential_templates', 'credential_templates.id', 'credentials.template_id')
    .selectAll('credentials')
    .select(['credential_templates.name_zh', 'credential_templates.name_en']);
}

export const verifyUrl = (publicUrl: string, publicId: string): string => `${publicUrl}/v/${publicId}`;

export function credentialSummary(row: CredentialRow): CredentialSummary {
  return {
    id: row.id,
    publicId: row.public_id,
    typeCode: row.type_code,
    typeName: { zh: row.name_zh, en: row.name_en },
    subject: row.subject,
    subjectName: row.subject_name,
    status: row.status,
    sha256: row.sha256,
    pageCount: Number(row.page_count),
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
    jobId: row.job_id,
    retainUntil: row.retain_until,
  };
}

export function credentialDetail(row: CredentialRow, publicUrl: string): CredentialDetail {
  return {
    ...credentialSummary(row),
    code: printedCode(row.code),
    verifyUrl: verifyUrl(publicUrl, row.public_id),
  };
}

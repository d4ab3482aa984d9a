// The public view behind a credential's QR code: what the archive holds for a public id, given the
// code printed on the document. Unknown ids and wrong codes look the same, so ids cannot be probed.
import type { PublicCredentialView } from '@openseal/contract';
import { AppError } from '../../errors.ts';
import { rootUnit } from '../org/org-service.ts';
import { sealIdsOnDocument } from '../sealing/document-ledger.ts';
import { sealNames } from '../seals/seal-reads.ts';
import { codeMatches } from './credential-codes.ts';
import { type CredentialRow, credentialsQuery } from './credential-view.ts';
import type { CredentialsContext } from './credentials-context.ts';

/** Compared against when the id is unknown, so both failures take the same time. */
const NO_CODE = 'ZZZZZZZZ';

async function matching(ctx: CredentialsContext, publicId: string, code: string): Promise<CredentialRow> {
  const row = (await credentialsQuery(ctx.db)
    .where('credentials.public_id', '=', publicId.toUpperCase())
    .executeTakeFirst()) as CredentialRow | undefined;
  const ok = codeMatches(row?.code ?? NO_CODE, code);
  if (!row || !ok) throw new AppError('ERR_CREDENTIAL_NOT_FOUND');
  return row;
}

export async function publicCredentialPdf(
  ctx: CredentialsContext,
  publicId: string,
  code: string,
): Promise<Uint8Array> {
  const row = await matching(ctx, publicId, code);
  return ctx.files.get(row.sha256);
}

export async function publicCredentialView(
  ctx: CredentialsContext,
  publicId: string,
  code: string,
): Promise<PublicCredentialView> {
  const row = await matching(ctx, publicId, code);
  const pdf = await ctx.files.get(row.sha256);
  // The archived original, verified now (its seals' certificates may have been revoked since).
  const verification = await ctx.verify(pdf);
  const sealIds = await sealIdsOnDocument(ctx.db, row.sha256);
  const names = await sealNames(ctx.db, sealIds);
  // The school (the org tree's root) issues every credential; a signer's O names only the office.
  const institution = (await rootUnit(ctx.db)).nameZh;
  return {
    publicId: row.public_id,
    status: row.status,
    typeName: { zh: row.name_zh, en: row.name_en },
    subjectName: row.subject_name,
    institution,
    sealNames: [...new Set(sealIds.flatMap((id) => names.get(id) ?? []))],
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
    pageCount: Number(row.page_count),
    sha256: row.sha256,
    verification,
  };
}

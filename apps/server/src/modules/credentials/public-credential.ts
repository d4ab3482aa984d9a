// The public view behind a credential's QR code: what the archive holds for a public id, given the
// code printed on the document. Unknown ids and wrong codes look the same, so ids cannot be probed.
import type { PublicCredentialView } from '@openseal/contract';
import { AppError } from '../../errors.ts';
import { verifyUpload } from '../verification/verification-service.ts';
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
  const verification = await verifyUpload(
    {
      db: ctx.db,
      clock: ctx.clock,
      timeZone: ctx.timeZone,
      ...(ctx.seals.pki ? { pki: ctx.seals.pki } : {}),
    },
    pdf,
  );
  const seals = await ctx.db
    .selectFrom('sealed_documents')
    .innerJoin('seals', 'seals.id', 'sealed_documents.seal_id')
    .select('seals.name')
    .where('sealed_documents.sha256', '=', row.sha256)
    .orderBy('sealed_documents.created_at')
    .execute();
  const school = await ctx.db
    .selectFrom('org_units')
    .select('name_zh')
    .where('parent_id', 'is', null)
    .orderBy('created_at')
    .executeTakeFirst();
  // The school (the org tree's root) issues every credential; a signer's O names the office.
  const institution =
    school?.name_zh ??
    verification.signatures.find((sig) => sig.signatureValid && sig.institution)?.institution ??
    '';
  return {
    publicId: row.public_id,
    status: row.status,
    typeName: { zh: row.name_zh, en: row.name_en },
    subjectName: row.subject_name,
    institution,
    sealNames: [...new Set(seals.map((s) => s.name))],
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
    pageCount: Number(row.page_count),
    sha256: row.sha256,
    verification,
  };
}

// Issuing a credential for a system that calls in (the service API): the subject's latest record of
// the type, through the same issue path as the portal and the batch jobs (render, seal step, ledger,
// audit, event). The caller decided whether it may issue the type.
import type { CredentialDetail } from '@openseal/contract';
import { AppError } from '../../errors.ts';
import type { SealActor } from '../seals/seals-context.ts';
import type { CredentialsContext } from './credentials-context.ts';
import { issueCredential, loadIssuePlan } from './issue-credential.ts';
import { assertPrintableAddress } from './public-address.ts';
import { activeTemplateByCode } from './templates-service.ts';

export async function issueForSubject(
  ctx: CredentialsContext,
  typeCode: string,
  subject: string,
  by: SealActor,
): Promise<CredentialDetail> {
  assertPrintableAddress(ctx);
  const template = await activeTemplateByCode(ctx.db, typeCode);
  const record = await ctx.db
    .selectFrom('credential_records')
    .selectAll()
    .where('type_code', '=', typeCode)
    .where('subject', '=', subject)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (!record) throw new AppError('ERR_NOT_FOUND', `no ${typeCode} record of ${subject}`);
  const plan = await loadIssuePlan(ctx, template.id);
  return issueCredential(ctx, plan, record, by);
}

// A contract generated from a template: the data checked against the template's data fields, the
// parties mapped onto its roles, the PDF rendered by @openseal/templates, then started exactly as an
// uploaded contract is (contract-create.ts), each party placed at its role's signature or seal field.
import type { ContractDetail, GenerateContractBody } from '@openseal/contract';
import { bindRecord, type CredentialTemplate, TemplateError } from '@openseal/templates';
import { AppError } from '../../errors.ts';
import { compileOrRefuse, templateAppError } from '../credentials/templates-service.ts';
import { checkContractStart, startContract } from './contract-create.ts';
import { type DataValues, dataProblems, generationRecord, roleParties } from './contract-template-rules.ts';
import { contractTemplateRow, templateDetail } from './contract-templates-service.ts';
import type { ContractActor, ContractsContext } from './contracts-context.ts';

/** The template's layout filled with the data; the boxes for signatures, seals and signing dates left empty. */
export function renderContractPdf(
  detail: { template: unknown; fields: Parameters<typeof generationRecord>[0] },
  data: DataValues,
  title: string,
): Uint8Array {
  const template = detail.template as CredentialTemplate;
  const compiled = compileOrRefuse(template);
  try {
    return compiled.render(bindRecord(template, generationRecord(detail.fields, data)), undefined, {
      title,
      lang: 'zh',
    }).pdf;
  } catch (err) {
    if (err instanceof TemplateError) throw templateAppError(err);
    throw err;
  }
}

export async function generateContract(
  ctx: ContractsContext,
  who: ContractActor,
  templateId: string,
  body: GenerateContractBody,
): Promise<ContractDetail> {
  const row = await contractTemplateRow(ctx.db, templateId);
  if (row.active !== 1) throw new AppError('ERR_NOT_FOUND', `contract template ${templateId} is not active`);
  const detail = templateDetail(row, false);
  const dataWrong = dataProblems(detail.fields, body.data);
  if (dataWrong.length > 0) throw new AppError('ERR_CONTRACT_TEMPLATE_DATA', dataWrong.join('; '), dataWrong);
  const mapped = roleParties(detail, body.parties);
  if ('problems' in mapped)
    throw new AppError('ERR_CONTRACT_TEMPLATE_ROLES', mapped.problems.join('; '), mapped.problems);
  const { data, parties: _byRole, ...start } = body;
  const checked = await checkContractStart(ctx, who, { ...start, parties: mapped.parties });
  const pdf = renderContractPdf(detail, data, body.title);
  return startContract(ctx, who, checked, pdf, { templateId, name: detail.name, version: detail.version });
}

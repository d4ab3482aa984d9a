import type {
  ContractDataField,
  ContractTemplateDetail,
  ContractTemplateField,
  RolePartyInput,
} from '@openseal/contract';
import type { Dayjs } from 'dayjs';

/** What the new-contract form holds for a template: data by field name, and each role's party. */
export interface TemplateContractValues {
  data?: Record<string, string | boolean | Dayjs | null | undefined>;
  /** A person role's username, an organisation role's seal id. */
  roles?: Record<string, string | null | undefined>;
}

export const isDataField = (f: ContractTemplateField): f is ContractDataField => 'label' in f;

/** The fields the initiator fills, in the template's order. */
export const dataFields = (detail: Pick<ContractTemplateDetail, 'fields'>): ContractDataField[] =>
  detail.fields.filter(isDataField);

const isDay = (v: unknown): v is Dayjs =>
  typeof v === 'object' && v !== null && typeof (v as Dayjs).format === 'function';

/**
 * The generation request's data and parties: text trimmed, dates as YYYY-MM-DD, checkboxes as true or
 * false; blank values left out (the server names the required ones missing); one party per role.
 */
export function generationParts(
  detail: Pick<ContractTemplateDetail, 'fields' | 'roles'>,
  values: TemplateContractValues,
): { data: Record<string, string | boolean>; parties: RolePartyInput[] } {
  const data: Record<string, string | boolean> = {};
  for (const f of dataFields(detail)) {
    const v = values.data?.[f.name];
    if (f.kind === 'checkbox') data[f.name] = v === true;
    else if (isDay(v)) data[f.name] = v.format('YYYY-MM-DD');
    else if (typeof v === 'string' && v.trim() !== '') data[f.name] = v.trim();
  }
  const parties = detail.roles.map((r): RolePartyInput => {
    const chosen = values.roles?.[r.key]?.trim();
    if (r.kind === 'person') return chosen ? { role: r.key, username: chosen } : { role: r.key };
    return chosen ? { role: r.key, sealId: chosen } : { role: r.key };
  });
  return { data, parties };
}

// What a contract template must be and what a contract generated from it takes, as pure functions over
// plain data: the layout's elements by name, the template's own consistency, the data checked against
// the data fields, the inputs printed, and the parties placed at their roles' signature or seal fields.
import type {
  ContractDataField,
  ContractTemplateField,
  ContractTemplateInput,
  ContractTemplateRole,
  PartyInput,
  RolePartyInput,
} from '@openseal/contract';
import type { CredentialTemplate, TemplateSchema } from '@openseal/templates';
import { boxPlacement, boxSigningDate } from './contract-placement.ts';

/** A layout element and its 1-based page. */
export interface PlacedElement {
  page: number;
  schema: TemplateSchema;
}

/** The data a contract is generated with, as the caller sent it: checked by dataProblems. */
export type DataValues = Readonly<Record<string, unknown>>;

const DEFAULT_TEXT_MAX = 500;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDataField(f: ContractTemplateField): f is ContractDataField {
  return 'label' in f;
}

/** The layout's elements by name; pdfme names are unique within a template. */
export function elementsByName(template: CredentialTemplate): Map<string, PlacedElement> {
  const byName = new Map<string, PlacedElement>();
  template.schemas.forEach((page, i) => {
    for (const schema of page) byName.set(schema.name, { page: i + 1, schema });
  });
  return byName;
}

/** Every way the roles and fields do not fit each other or the layout; empty when they do. */
export function templateProblems(input: ContractTemplateInput): string[] {
  const problems: string[] = [];
  const elements = elementsByName(input.template as unknown as CredentialTemplate);
  const roles = new Map<string, ContractTemplateRole>();
  for (const r of input.roles) {
    if (roles.has(r.key)) problems.push(`roles: ${r.key} is listed twice`);
    roles.set(r.key, r);
  }
  const names = new Set<string>();
  const marks = new Map<string, number>();
  for (const f of input.fields) {
    const at = `fields.${f.name}`;
    if (names.has(f.name)) problems.push(`${at}: listed twice`);
    names.add(f.name);
    const element = elements.get(f.name);
    if (!element) {
      problems.push(`${at}: the layout has no element called ${f.name}`);
      continue;
    }
    if (isDataField(f) || f.kind === 'date') {
      if (element.schema.type !== 'text') problems.push(`${at}: a ${f.kind} field fills a text element`);
      if (element.schema.readOnly) problems.push(`${at}: the element is read-only`);
    }
    if (isDataField(f)) continue;
    const role = roles.get(f.role);
    if (!role) {
      problems.push(`${at}: the template has no role ${f.role}`);
      continue;
    }
    if (f.kind === 'signature' && role.kind !== 'person')
      problems.push(`${at}: a signature field belongs to a person role, and ${role.key} is an organisation`);
    else if (f.kind === 'seal' && role.kind !== 'organization')
      problems.push(`${at}: a seal field belongs to an organisation role, and ${role.key} is a person`);
    else if (f.kind !== 'date') marks.set(f.role, (marks.get(f.role) ?? 0) + 1);
  }
  for (const r of input.roles) {
    const count = marks.get(r.key) ?? 0;
    const kind = r.kind === 'person' ? 'signature' : 'seal';
    if (count !== 1) problems.push(`roles.${r.key}: needs exactly one ${kind} field, has ${count}`);
  }
  return problems;
}

/** A real calendar day written YYYY-MM-DD. */
function isDay(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Each data field the values miss or give the wrong kind of, and each value no field takes. */
export function dataProblems(fields: readonly ContractTemplateField[], data: DataValues): string[] {
  const problems: string[] = [];
  const dataFields = fields.filter(isDataField);
  const known = new Set(dataFields.map((f) => f.name));
  for (const key of Object.keys(data))
    if (!known.has(key)) problems.push(`data.${key}: the template has no data field called ${key}`);
  for (const f of dataFields) {
    const at = `data.${f.name}`;
    const value = data[f.name];
    const empty = value === undefined || value === '' || (f.kind === 'checkbox' && value === false);
    if (empty) {
      if (f.required) problems.push(`${at}: ${f.label} is required`);
      continue;
    }
    if (f.kind === 'checkbox') {
      if (typeof value !== 'boolean') problems.push(`${at}: ${f.label} takes true or false`);
    } else if (typeof value !== 'string') problems.push(`${at}: ${f.label} takes text`);
    else if (f.kind === 'date' && !isDay(value)) problems.push(`${at}: ${f.label} takes a date, YYYY-MM-DD`);
    else if (f.kind === 'text' && value.length > (f.maxLength ?? DEFAULT_TEXT_MAX))
      problems.push(`${at}: ${f.label} takes at most ${f.maxLength ?? DEFAULT_TEXT_MAX} characters`);
  }
  return problems;
}

/**
 * The record the layout is filled with: each data field's value (a ticked checkbox as √), and nothing in
 * the boxes that mark signatures, seals and signing dates, whatever placeholder the designer left there.
 */
export function generationRecord(
  fields: readonly ContractTemplateField[],
  data: DataValues,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const f of fields) {
    const value = data[f.name];
    if (!isDataField(f)) record[f.name] = '';
    // The templates' fonts have no ☑; the layout draws the box (a rectangle) and a tick marks it.
    else if (f.kind === 'checkbox') record[f.name] = value === true ? '√' : '';
    else record[f.name] = typeof value === 'string' ? value : '';
  }
  return record;
}

/**
 * The contract's parties in the template's role order, each placed at its role's signature or seal
 * field, a person with its role's custody and identity check; or every way `parties` does not name
 * each role exactly once as its kind needs.
 */
export function roleParties(
  input: Pick<ContractTemplateInput, 'roles' | 'fields' | 'template'>,
  parties: readonly RolePartyInput[],
): { parties: PartyInput[] } | { problems: string[] } {
  const problems: string[] = [];
  const byRole = new Map<string, RolePartyInput>();
  const roleKeys = new Set(input.roles.map((r) => r.key));
  for (const p of parties) {
    if (!roleKeys.has(p.role)) problems.push(`parties.${p.role}: the template has no role ${p.role}`);
    else if (byRole.has(p.role)) problems.push(`parties.${p.role}: named twice`);
    byRole.set(p.role, p);
  }
  const template = input.template as unknown as CredentialTemplate;
  const elements = elementsByName(template);
  const out: PartyInput[] = [];
  for (const role of input.roles) {
    const at = `parties.${role.key}`;
    const given = byRole.get(role.key);
    const mark = input.fields.find((f) => !isDataField(f) && f.kind !== 'date' && f.role === role.key);
    const element = mark ? elements.get(mark.name) : undefined;
    const placement = element
      ? boxPlacement({ page: element.page, ...element.schema }, template.basePdf.height)
      : undefined;
    const dateField = input.fields.find((f) => !isDataField(f) && f.kind === 'date' && f.role === role.key);
    const dateElement = dateField ? elements.get(dateField.name) : undefined;
    const placed = {
      ...(placement ? { placement } : {}),
      ...(dateElement
        ? {
            signingDateAt: boxSigningDate(
              { page: dateElement.page, ...dateElement.schema },
              template.basePdf.height,
            ),
          }
        : {}),
    };
    if (role.kind === 'person') {
      if (given?.sealId) problems.push(`${at}: ${role.label} is a person and takes no seal`);
      else if (!given?.username)
        problems.push(`${at}: ${role.label} is a person, named by an account (username)`);
      else
        out.push({
          kind: 'person',
          username: given.username,
          custody: role.custody ?? 'browser',
          identity: role.identity ?? 'campus',
          ...placed,
        });
      continue;
    }
    const sealId = given?.sealId ?? role.sealId;
    if (given?.username)
      problems.push(`${at}: ${role.label} is an organisation and takes a seal, not an account`);
    else if (!sealId) problems.push(`${at}: ${role.label} is an organisation, named by a seal (sealId)`);
    else out.push({ kind: 'organization', sealId, ...placed });
  }
  return problems.length > 0 ? { problems } : { parties: out };
}

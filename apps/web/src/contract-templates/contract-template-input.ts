import type {
  ContractTemplateDetail,
  ContractTemplateField,
  ContractTemplateInput,
  ContractTemplateRole,
  IdentityCheck,
  KeyCustody,
} from '@openseal/contract';

/** A field as the editor shows it: a role's signing date is its own kind there. */
export type FieldDraftKind = 'signature' | 'seal' | 'signingDate' | 'text' | 'date' | 'checkbox';
export const FIELD_DRAFT_KINDS: readonly FieldDraftKind[] = [
  'signature',
  'seal',
  'signingDate',
  'text',
  'date',
  'checkbox',
];

/** Bound to a role (signature, seal, signing date) rather than filled from the data. */
export const isRoleKind = (k: FieldDraftKind | undefined): boolean =>
  k === 'signature' || k === 'seal' || k === 'signingDate';

export interface RoleDraft {
  key: string;
  kind: 'person' | 'organization';
  label: string;
  custody?: KeyCustody;
  identity?: IdentityCheck;
  sealId?: string | null;
}

export interface FieldDraft {
  name: string;
  kind: FieldDraftKind;
  role?: string;
  label?: string;
  required?: boolean;
  maxLength?: number;
}

export interface ContractTemplateFormValues {
  name: string;
  ownerUnitId: string;
  active: boolean;
  roles: RoleDraft[];
  fields: FieldDraft[];
}

export function newTemplateValues(ownerUnitId: string): ContractTemplateFormValues {
  return {
    name: '',
    ownerUnitId,
    active: true,
    roles: [
      { key: 'signer', kind: 'person', label: '签署人 Signer', custody: 'browser', identity: 'campus' },
    ],
    fields: [],
  };
}

export function templateFormValues(d: ContractTemplateDetail): ContractTemplateFormValues {
  return {
    name: d.name,
    ownerUnitId: d.ownerUnitId,
    active: d.active,
    roles: d.roles.map((r) =>
      r.kind === 'person'
        ? {
            key: r.key,
            kind: 'person',
            label: r.label,
            custody: r.custody ?? 'browser',
            identity: r.identity ?? 'campus',
          }
        : { key: r.key, kind: 'organization', label: r.label, sealId: r.sealId ?? null },
    ),
    fields: d.fields.map((f): FieldDraft => {
      if ('label' in f)
        return {
          name: f.name,
          kind: f.kind,
          label: f.label,
          required: f.required,
          ...(f.maxLength ? { maxLength: f.maxLength } : {}),
        };
      return { name: f.name, kind: f.kind === 'date' ? 'signingDate' : f.kind, role: f.role };
    }),
  };
}

/** What the API takes: roles as the server stores them, each field in its own shape. */
export function contractTemplateInput(
  v: ContractTemplateFormValues,
  template: ContractTemplateInput['template'],
): ContractTemplateInput {
  const roles = (v.roles ?? []).map((r): ContractTemplateRole => {
    const base = { key: r.key.trim(), label: r.label.trim() };
    if (r.kind === 'person')
      return { ...base, kind: 'person', custody: r.custody ?? 'browser', identity: r.identity ?? 'campus' };
    return { ...base, kind: 'organization', ...(r.sealId ? { sealId: r.sealId } : {}) };
  });
  const fields = (v.fields ?? []).map((f): ContractTemplateField => {
    const name = f.name.trim();
    if (f.kind === 'signingDate') return { name, kind: 'date', role: f.role ?? '' };
    if (f.kind === 'signature' || f.kind === 'seal') return { name, kind: f.kind, role: f.role ?? '' };
    return {
      name,
      kind: f.kind,
      label: (f.label ?? '').trim() || name,
      required: f.required ?? false,
      ...(f.kind === 'text' && f.maxLength ? { maxLength: f.maxLength } : {}),
    };
  });
  return { name: v.name.trim(), ownerUnitId: v.ownerUnitId, active: v.active, roles, fields, template };
}

/** The names of a layout's elements a field may fill or mark (those printed from data, not fixed text). */
export function elementNames(template: { schemas: readonly (readonly object[])[] }): string[] {
  const names: string[] = [];
  for (const page of template.schemas)
    for (const s of page) {
      const el = s as { name?: unknown; readOnly?: unknown };
      if (typeof el.name === 'string' && el.readOnly !== true) names.push(el.name);
    }
  return names;
}

import type {
  CredentialAudience,
  CredentialTemplateDetail,
  CredentialTemplateInput,
  TemplateSeal,
} from '@openseal/contract';

/** The editor's form fields (everything but the canvas and the data schema). */
export interface TemplateFormValues {
  code: string;
  nameZh: string;
  nameEn: string;
  audience: CredentialAudience;
  language: 'zh' | 'en';
  ownerUnitId: string;
  issuerSealId: string;
  /** Empty: no counter-seal. */
  counterSealId?: string | undefined;
  requiresApproval: boolean;
  retentionYears: number;
  active: boolean;
}

/** A blank A4 page with the issuer's seal slot at the lower right, for a new type. */
export const BLANK_TEMPLATE: CredentialTemplateInput['template'] = {
  basePdf: { width: 210, height: 297, padding: [20, 20, 20, 20] },
  schemas: [
    [
      {
        name: 'issuerSeal',
        type: 'sealSlot',
        content: '',
        readOnly: true,
        position: { x: 140, y: 220 },
        width: 40,
        height: 40,
        sealRole: 'issuer',
      },
    ],
  ],
};

export const BLANK_DATA_SCHEMA = { type: 'object', properties: {}, required: [] };

export function formValuesOf(detail: CredentialTemplateDetail): TemplateFormValues {
  return {
    code: detail.code,
    nameZh: detail.name.zh,
    nameEn: detail.name.en,
    audience: detail.audience,
    language: detail.language,
    ownerUnitId: detail.ownerUnitId,
    issuerSealId: detail.seals.find((s) => s.role === 'issuer')?.sealId ?? '',
    counterSealId: detail.seals.find((s) => s.role === 'counter')?.sealId,
    requiresApproval: detail.requiresApproval,
    retentionYears: detail.retentionYears,
    active: detail.active,
  };
}

export function newFormValues(ownerUnitId: string): TemplateFormValues {
  return {
    code: '',
    nameZh: '',
    nameEn: '',
    audience: 'student',
    language: 'zh',
    ownerUnitId,
    issuerSealId: '',
    requiresApproval: false,
    retentionYears: 30,
    active: false,
  };
}

/** The PUT/POST body from the form, the designer's template and the parsed data schema. */
export function templateInput(
  values: TemplateFormValues,
  template: CredentialTemplateInput['template'],
  dataSchema: Record<string, unknown>,
): CredentialTemplateInput {
  const seals: TemplateSeal[] = [{ role: 'issuer', sealId: values.issuerSealId }];
  if (values.counterSealId) seals.push({ role: 'counter', sealId: values.counterSealId });
  return {
    code: values.code.trim(),
    name: { zh: values.nameZh.trim(), en: values.nameEn.trim() },
    audience: values.audience,
    language: values.language,
    ownerUnitId: values.ownerUnitId,
    template,
    dataSchema,
    seals,
    requiresApproval: values.requiresApproval,
    retentionYears: values.retentionYears,
    active: values.active,
  };
}

/** Which seal roles the canvas has slots for, so the editor can say when a chosen seal has no place. */
export function slotRoles(template: CredentialTemplateInput['template']): Set<string> {
  const roles = new Set<string>();
  for (const page of template.schemas)
    for (const s of page as Record<string, unknown>[])
      if (s['type'] === 'sealSlot' && typeof s['sealRole'] === 'string') roles.add(s['sealRole']);
  return roles;
}

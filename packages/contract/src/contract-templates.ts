// Contract templates (合同模板): a pdfme layout, the roles that sign it and the fields bound to a role or
// to the data given when a contract is generated from it. Versioned: each save keeps the one before.
import { type Static, Type } from '@sinclair/typebox';
import {
  ContractDetail,
  IdentityCheck,
  KeyCustody,
  MAX_CONTRACT_PARTIES,
  SigningOrder,
} from './contracts.ts';
import { PdfmeTemplate } from './credentials.ts';
import { ErrorBody } from './error-body.ts';

const tags = ['contracts'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Id = Type.String({ minLength: 1, maxLength: 64 });

/** A role's key, e.g. `student`, `school`: what parties and fields name it by. */
export const RoleKey = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' });
/** A field's name: the name of the pdfme schema element it fills or marks. */
export const FieldName = Type.String({ minLength: 1, maxLength: 100 });
const Label = Type.String({ minLength: 1, maxLength: 100 });

/**
 * Who signs. A person role chooses how its signer's key is held and how they prove who they are
 * (custody is chosen per template); an organisation role may name the seal that stamps by default.
 */
export const ContractTemplateRole = Type.Union([
  Type.Object(
    {
      key: RoleKey,
      kind: Type.Literal('person'),
      label: Label,
      /** Default browser. */
      custody: Type.Optional(KeyCustody),
      /** Default campus. */
      identity: Type.Optional(IdentityCheck),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      key: RoleKey,
      kind: Type.Literal('organization'),
      label: Label,
      /** The seal that stamps for this role unless the contract names another. */
      sealId: Type.Optional(Id),
    },
    { additionalProperties: false },
  ),
]);
export type ContractTemplateRole = Static<typeof ContractTemplateRole>;

/**
 * What fills a pdfme element. signature / seal: where the role's signature (a person) or seal (an
 * organisation) goes — the party's placement, the element's centre. date: the role's signing date in
 * the school's time zone (`role`), or a date from the data. text, checkbox: printed from the data at
 * generation (a ticked checkbox prints √ in the box the layout draws around it).
 */
export const ContractTemplateField = Type.Union([
  Type.Object(
    { name: FieldName, kind: Type.Union([Type.Literal('signature'), Type.Literal('seal')]), role: RoleKey },
    { additionalProperties: false },
  ),
  Type.Object(
    { name: FieldName, kind: Type.Literal('date'), role: RoleKey },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      name: FieldName,
      kind: Type.Union([Type.Literal('text'), Type.Literal('date'), Type.Literal('checkbox')]),
      label: Label,
      required: Type.Boolean(),
      /** text: the longest value taken (default 500). */
      maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    },
    { additionalProperties: false },
  ),
]);
export type ContractTemplateField = Static<typeof ContractTemplateField>;
/** A field filled from the data at generation. */
export type ContractDataField = Extract<ContractTemplateField, { label: string }>;

export const MAX_TEMPLATE_FIELDS = 200;

export const ContractTemplateInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** The unit whose template admins manage it (e.g. 教务处). */
    ownerUnitId: Id,
    template: PdfmeTemplate,
    roles: Type.Array(ContractTemplateRole, { minItems: 1, maxItems: MAX_CONTRACT_PARTIES }),
    fields: Type.Array(ContractTemplateField, { maxItems: MAX_TEMPLATE_FIELDS }),
    /** Only active templates are offered to initiators. */
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ContractTemplateInput = Static<typeof ContractTemplateInput>;

export const ContractTemplateSummary = Type.Object(
  {
    id: Id,
    name: Type.String(),
    ownerUnitId: Id,
    roles: Type.Array(ContractTemplateRole),
    active: Type.Boolean(),
    /** 1 on creation, one more on each save. */
    version: Type.Integer(),
    updatedAt: Type.String(),
    /** The caller may change it (a template admin whose scope covers its unit). */
    manageable: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ContractTemplateSummary = Static<typeof ContractTemplateSummary>;

export const ContractTemplateDetail = Type.Composite(
  [
    ContractTemplateSummary,
    Type.Object({ template: PdfmeTemplate, fields: Type.Array(ContractTemplateField) }),
  ],
  { additionalProperties: false },
);
export type ContractTemplateDetail = Static<typeof ContractTemplateDetail>;

export const ContractTemplateIdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** One party, named for the role it signs as: a person by account, an organisation by seal. */
export const RolePartyInput = Type.Object(
  {
    role: RoleKey,
    /** A person role: the signer's account. */
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** An organisation role: the seal that stamps (default: the role's seal). */
    sealId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type RolePartyInput = Static<typeof RolePartyInput>;

/**
 * A data value: text and dates (YYYY-MM-DD) as strings, checkboxes as booleans. Left untyped here so
 * nothing is coerced (a checkbox's `true` never becomes the text "true"); the server checks each value
 * against its field's kind and names the field when it does not fit.
 */
export const ContractDataValue = Type.Unknown({
  description: 'text or a YYYY-MM-DD date (string); checkbox (boolean)',
});

export const GenerateContractBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    /** The template's data fields by name. */
    data: Type.Record(Type.String({ maxLength: 100 }), ContractDataValue, {
      maxProperties: MAX_TEMPLATE_FIELDS,
    }),
    /** One per role of the template; they sign in the template's role order. */
    parties: Type.Array(RolePartyInput, { minItems: 1, maxItems: MAX_CONTRACT_PARTIES }),
    order: SigningOrder,
    deadline: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    cc: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
        maxItems: MAX_CONTRACT_PARTIES,
        uniqueItems: true,
      }),
    ),
  },
  { additionalProperties: false },
);
export type GenerateContractBody = Static<typeof GenerateContractBody>;

export const listContractTemplatesRoute = {
  summary:
    'Contract templates: those the caller manages, and the active ones when the caller may start contracts',
  tags,
  response: { 200: Type.Array(ContractTemplateSummary) },
};
export const getContractTemplateRoute = {
  summary: 'A contract template with its layout, roles and fields',
  tags,
  params: ContractTemplateIdParams,
  response: { 200: ContractTemplateDetail, 404: ErrorBody },
};
export const createContractTemplateRoute = {
  summary: 'Create a contract template (template admin of its unit)',
  tags,
  body: ContractTemplateInput,
  response: { 201: ContractTemplateDetail, ...errors },
};
export const updateContractTemplateRoute = {
  summary: 'Save a new version of a contract template (template admin of its unit)',
  tags,
  params: ContractTemplateIdParams,
  body: ContractTemplateInput,
  response: { 200: ContractTemplateDetail, ...errors },
};
export const generateContractRoute = {
  summary:
    "Start a contract from a template and data: the PDF is generated, each party placed at its role's signature or seal field",
  tags,
  params: ContractTemplateIdParams,
  body: GenerateContractBody,
  response: { 201: ContractDetail, ...errors },
};

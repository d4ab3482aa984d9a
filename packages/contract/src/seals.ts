import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';

export const SealType = Type.Union([
  Type.Literal('official'),
  Type.Literal('contract'),
  Type.Literal('finance'),
  Type.Literal('business'),
  Type.Literal('personal'),
]);
export type SealType = Static<typeof SealType>;

export const SealStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('revoked'),
  Type.Literal('destroyed'),
]);
export type SealStatus = Static<typeof SealStatus>;

/** The vector drawing of a seal (the engine's SealSpec, minus uploaded images for now). */
export const SealAppearanceSpec = Type.Union([
  Type.Object(
    {
      kind: Type.Union([Type.Literal('round'), Type.Literal('oval')]),
      orgName: Type.String({ minLength: 1, maxLength: 40 }),
      sealName: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
      code: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('square'),
      personName: Type.String({ minLength: 1, maxLength: 6 }),
      suffix: Type.Optional(Type.String({ maxLength: 2 })),
    },
    { additionalProperties: false },
  ),
]);
export type SealAppearanceSpec = Static<typeof SealAppearanceSpec>;

/** A seal as the API shows it: never any key material. */
export const Seal = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: SealType,
    ownerUnitId: Type.String(),
    status: SealStatus,
    custodianUserId: Type.Union([Type.String(), Type.Null()]),
    physical: Type.Boolean(),
    spec: SealAppearanceSpec,
    certificateSerial: Type.Union([Type.String(), Type.Null()]),
    /** Base64 DER of the seal certificate; null for a physical-only seal. */
    certificate: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Seal = Static<typeof Seal>;

export const CreateSealBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    type: SealType,
    ownerUnitId: Type.String({ minLength: 1 }),
    custodianUserId: Type.Optional(Type.String({ minLength: 1 })),
    /** A physical seal is recorded in the ledger but has no key and cannot stamp electronically. */
    physical: Type.Optional(Type.Boolean()),
    spec: SealAppearanceSpec,
  },
  { additionalProperties: false },
);
export type CreateSealBody = Static<typeof CreateSealBody>;

export const ListSealsQuery = Type.Object(
  { unitId: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type ListSealsQuery = Static<typeof ListSealsQuery>;

export const SealIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export type SealIdParams = Static<typeof SealIdParams>;

export const GrantSealUseBody = Type.Object(
  {
    userId: Type.String({ minLength: 1 }),
    /** ISO 8601; absent: until withdrawn. */
    until: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type GrantSealUseBody = Static<typeof GrantSealUseBody>;

export const SealPlacement = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('page'),
      page: Type.Integer({ minimum: 1 }),
      x: Type.Number(),
      y: Type.Number(),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('keyword'),
      keyword: Type.String({ minLength: 1, maxLength: 100 }),
      occurrence: Type.Optional(Type.Union([Type.Literal('first'), Type.Literal('last')])),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('cross-page'), y: Type.Optional(Type.Number()) },
    { additionalProperties: false },
  ),
]);
export type SealPlacement = Static<typeof SealPlacement>;

/** 20 MB of PDF is at most 27,962,028 base64 characters. */
export const MAX_SEAL_PDF_BYTES = 20 * 1024 * 1024;

export const UseSealBody = Type.Object(
  {
    /** The PDF, base64. */
    pdf: Type.String({ minLength: 4, maxLength: Math.ceil(MAX_SEAL_PDF_BYTES / 3) * 4 }),
    placement: SealPlacement,
    purpose: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type UseSealBody = Static<typeof UseSealBody>;

/** One step in a seal's life: made, changed, granted, or used on a document. */
export const SealTrajectoryEvent = Type.Object(
  {
    time: Type.String(),
    action: Type.String(),
    actor: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.String(),
    /** SHA-256 hex of the sealed file, for uses. */
    documentSha256: Type.Union([Type.String(), Type.Null()]),
    purpose: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type SealTrajectoryEvent = Static<typeof SealTrajectoryEvent>;

const denied = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['seals'];
export const createSealRoute = {
  tags,
  body: CreateSealBody,
  response: { 201: Seal, 503: ErrorBody, ...denied },
};
export const listSealsRoute = {
  tags,
  querystring: ListSealsQuery,
  response: { 200: Type.Array(Seal), ...denied },
};
export const getSealRoute = { tags, params: SealIdParams, response: { 200: Seal, ...denied } };
export const changeSealStatusRoute = {
  tags,
  params: SealIdParams,
  response: { 200: Seal, 409: ErrorBody, 503: ErrorBody, ...denied },
};
export const grantSealUseRoute = {
  tags,
  params: SealIdParams,
  body: GrantSealUseBody,
  response: { 204: Type.Null(), 409: ErrorBody, ...denied },
};
export const useSealRoute = {
  tags,
  params: SealIdParams,
  body: UseSealBody,
  response: { 400: ErrorBody, 409: ErrorBody, 413: ErrorBody, 503: ErrorBody, ...denied },
};
export const sealTrajectoryRoute = {
  tags,
  params: SealIdParams,
  response: { 200: Type.Array(SealTrajectoryEvent), ...denied },
};

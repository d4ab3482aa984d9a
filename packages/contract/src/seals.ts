import { type SchemaOptions, type Static, Type } from '@sinclair/typebox';
import { denied, ErrorBody } from './error-body.ts';
import { ROLES } from './permissions.ts';
import { type SEAL_IMAGE_TYPES, UploadRef } from './uploads.ts';

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

/** The drawing of a seal: the engine's vector seals, or an uploaded image (bytes sent beside the spec). */
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
  Type.Object(
    {
      kind: Type.Literal('image'),
      /** Printed width; the height keeps the image's aspect ratio. */
      widthMm: Type.Number({ minimum: 10, maximum: 80 }),
    },
    { additionalProperties: false },
  ),
]);
export type SealAppearanceSpec = Static<typeof SealAppearanceSpec>;

/**
 * Where a seal's private key lives: `software` is envelope-encrypted under the KEK in the database
 * (generated here or imported from PKCS#12); `pkcs11` is generated inside the configured token and
 * never leaves it.
 */
export const SealKeyStore = Type.Union([Type.Literal('software'), Type.Literal('pkcs11')]);
export type SealKeyStore = Static<typeof SealKeyStore>;

/**
 * The algorithm of a key generated for a seal: ECDSA P-256 (certified by the RSA/ECDSA hierarchy),
 * SM2 with SM3 (国密, certified by the SM2 hierarchy), or both (双算法 'dual': an ECDSA key and an SM2
 * key with the same subject, each certified by its hierarchy; every stamp carries a visible ECDSA
 * signature and an invisible SM2 one). A PKCS#11 token key is ECDSA only.
 */
export const SealKeyAlgorithm = Type.Union([
  Type.Literal('ecdsa-p256'),
  Type.Literal('sm2'),
  Type.Literal('dual'),
]);
export type SealKeyAlgorithm = Static<typeof SealKeyAlgorithm>;

/** A seal certificate's key type, as the registry shows it; 'dual' for an ECDSA seal with an SM2 companion key. */
export const SealAlgorithm = Type.Union([
  Type.Literal('rsa'),
  Type.Literal('ecdsa'),
  Type.Literal('sm2'),
  Type.Literal('dual'),
]);
export type SealAlgorithm = Static<typeof SealAlgorithm>;

/** What a seal may be used on; a grant names some of these, or none for any. */
export const DOCUMENT_TYPES = [
  'contract',
  'official-letter',
  'transcript',
  'certificate',
  'finance',
  'personnel',
  'other',
] as const;
export const DocumentType = Type.Union(DOCUMENT_TYPES.map((t) => Type.Literal(t)));
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** A seal image: a PNG or SVG upload (POST /api/uploads), 2 MB at most. */
export const MAX_SEAL_IMAGE_BYTES = 2 * 1024 * 1024;
export type SealImageType = (typeof SEAL_IMAGE_TYPES)[keyof typeof SEAL_IMAGE_TYPES];
/** A PKCS#12 key file: 64 KB at most. */
export const MAX_PKCS12_BYTES = 64 * 1024;

/** Where a new electronic seal's key comes from. Default: generated, in the software store. */
export const SealKeySource = Type.Union([
  Type.Object(
    {
      source: Type.Literal('generate'),
      store: Type.Optional(SealKeyStore),
      /** Default ecdsa-p256. */
      algorithm: Type.Optional(SealKeyAlgorithm),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      source: Type.Literal('pkcs12'),
      /** The uploaded .p12/.pfx file (application/x-pkcs12); its certificate becomes the seal's certificate. */
      uploadId: UploadRef.properties.uploadId,
      password: Type.String({ maxLength: 200 }),
    },
    { additionalProperties: false },
  ),
]);
export type SealKeySource = Static<typeof SealKeySource>;

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
    /** Where the private key lives; null for a physical seal or a destroyed key. */
    keyStore: Type.Union([SealKeyStore, Type.Null()]),
    /** The certificate's key type; null for a physical-only seal (or a key type it cannot sign with). */
    algorithm: Type.Union([SealAlgorithm, Type.Null()]),
    certificateSerial: Type.Union([Type.String(), Type.Null()]),
    /** Base64 DER of the seal certificate; null for a physical-only seal. */
    certificate: Type.Union([Type.String(), Type.Null()]),
    /** The certificate's subject and issuer (RFC 4514 order) and end of validity (ISO 8601). */
    certificateSubject: Type.Union([Type.String(), Type.Null()]),
    certificateIssuer: Type.Union([Type.String(), Type.Null()]),
    certificateNotAfter: Type.Union([Type.String(), Type.Null()]),
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
    /** The uploaded PNG or SVG: required when `spec.kind` is `image`, refused otherwise. */
    image: Type.Optional(UploadRef),
    /** Ignored for physical seals. */
    key: Type.Optional(SealKeySource),
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

const grantLimits = {
  /** Document types the grant covers; absent or empty: any. */
  documentTypes: Type.Optional(
    Type.Array(DocumentType, { uniqueItems: true, maxItems: DOCUMENT_TYPES.length }),
  ),
  /** ISO 8601; absent: until withdrawn. */
  until: Type.Optional(Type.String({ format: 'date-time' })),
  /** How many uses the grant allows in total; absent: no quota. */
  maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
};

/**
 * Who may stamp with a seal: one user, or every holder of `role` at `unitId` or below it (e.g. all
 * business creators of the finance office). Granting the same user or role/unit again replaces the grant.
 */
export const GrantSealUseBody = Type.Union([
  Type.Object({ userId: Type.String({ minLength: 1 }), ...grantLimits }, { additionalProperties: false }),
  Type.Object(
    {
      role: Type.Union(ROLES.map((r) => Type.Literal(r))),
      unitId: Type.String({ minLength: 1 }),
      ...grantLimits,
    },
    { additionalProperties: false },
  ),
]);
export type GrantSealUseBody = Static<typeof GrantSealUseBody>;

export const SealGrant = Type.Object(
  {
    id: Type.String(),
    sealId: Type.String(),
    userId: Type.Union([Type.String(), Type.Null()]),
    /** The named user's display name, for user grants. */
    userName: Type.Union([Type.String(), Type.Null()]),
    role: Type.Union([Type.String(), Type.Null()]),
    unitId: Type.Union([Type.String(), Type.Null()]),
    /** Empty: any document type. */
    documentTypes: Type.Array(DocumentType),
    until: Type.Union([Type.String(), Type.Null()]),
    maxUses: Type.Union([Type.Integer(), Type.Null()]),
    /** Uses made under this grant so far. */
    uses: Type.Integer(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type SealGrant = Static<typeof SealGrant>;

export const SealGrantParams = Type.Object({
  id: Type.String({ minLength: 1 }),
  grantId: Type.String({ minLength: 1 }),
});
export type SealGrantParams = Static<typeof SealGrantParams>;

/** Someone a seal admin may grant a seal to: the users of a unit and its sub-units. */
export const Grantee = Type.Object(
  { id: Type.String(), username: Type.String(), displayName: Type.String(), unitId: Type.String() },
  { additionalProperties: false },
);
export type Grantee = Static<typeof Grantee>;

/** A seal the caller may stamp with now, and for which document types (empty: any). */
export const UsableSeal = Type.Object(
  {
    seal: Seal,
    documentTypes: Type.Array(DocumentType),
  },
  { additionalProperties: false },
);
export type UsableSeal = Static<typeof UsableSeal>;

/** Each placement field with its limits, shared by SealPlacement and the seal-use query string. */
const placementField = {
  page: (o?: SchemaOptions) => Type.Integer({ ...o, minimum: 1 }),
  x: (o?: SchemaOptions) => Type.Number(o),
  y: (o?: SchemaOptions) => Type.Number(o),
  keyword: (o?: SchemaOptions) => Type.String({ ...o, minLength: 1, maxLength: 100 }),
  occurrence: (o?: SchemaOptions) => Type.Union([Type.Literal('first'), Type.Literal('last')], o),
};

export const SealPlacement = Type.Union([
  Type.Object(
    { kind: Type.Literal('page'), page: placementField.page(), x: placementField.x(), y: placementField.y() },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('keyword'),
      keyword: placementField.keyword(),
      occurrence: Type.Optional(placementField.occurrence()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('cross-page'), y: Type.Optional(placementField.y()) },
    { additionalProperties: false },
  ),
]);
export type SealPlacement = Static<typeof SealPlacement>;
export type SealPlacementKind = SealPlacement['kind'];

/** The largest PDF a seal use takes (the request body of POST /api/seals/:id/use). */
export const MAX_SEAL_PDF_BYTES = 20 * 1024 * 1024;

/**
 * POST /api/seals/:id/use's query string; the body is the PDF itself. The placement is flat here
 * (`placement=page&page=1&x=100&y=100`, `placement=keyword&keyword=…[&occurrence=first|last]`,
 * `placement=cross-page[&y=…]`); the fields a kind takes are checked by placementFromQuery.
 */
export const UseSealQuery = Type.Object(
  {
    documentType: DocumentType,
    purpose: Type.String({ minLength: 1, maxLength: 500 }),
    placement: Type.Union([Type.Literal('page'), Type.Literal('keyword'), Type.Literal('cross-page')], {
      description:
        'page: at page, x, y (PDF points from the bottom left); keyword: on a text; cross-page: 骑缝章 across every page',
    }),
    page: Type.Optional(placementField.page({ description: 'placement=page: the page, from 1' })),
    x: Type.Optional(placementField.x({ description: "placement=page: the seal centre's x" })),
    y: Type.Optional(
      placementField.y({
        description: "placement=page: the seal centre's y; placement=cross-page (optional): its height",
      }),
    ),
    keyword: Type.Optional(
      placementField.keyword({ description: 'placement=keyword: the text to stamp on' }),
    ),
    occurrence: Type.Optional(
      placementField.occurrence({
        description: 'placement=keyword (optional, default first): which occurrence of the text',
      }),
    ),
  },
  { additionalProperties: false },
);
export type UseSealQuery = Static<typeof UseSealQuery>;

/**
 * Said of a sealed file in the `x-seal-warning` response header (comma-separated codes) when the seal
 * was applied but a validator may not accept the result as the signer intends.
 */
export const SEAL_WARNINGS = {
  /**
   * The file was certified (DocMDP P=2 or 3) without an empty field reserved for this seal, so the seal
   * added a new signature field; ISO 32000-2 12.8.2.2 and pyHanko count that as a change after certifying.
   */
  'new-field-after-certification': {
    zh: '该文件已被认证签名锁定，且未为本次盖章预留签章域；新增的签章域会被验证工具视为认证后的修改。请让认证方在认证时预留签章域。',
    en: 'The file is certified and no signature field was reserved for this seal; the new field counts as a change after certification. Ask the certifier to reserve a field when certifying.',
  },
} as const satisfies Record<string, { zh: string; en: string }>;
export type SealWarning = keyof typeof SEAL_WARNINGS;

/** One step in a seal's life: made, changed, granted, or used on a document. */
export const SealTrajectoryEvent = Type.Object(
  {
    time: Type.String(),
    action: Type.String(),
    actor: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.String(),
    /** SHA-256 hex of the sealed file, for uses. */
    documentSha256: Type.Union([Type.String(), Type.Null()]),
    documentType: Type.Union([DocumentType, Type.Null()]),
    purpose: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type SealTrajectoryEvent = Static<typeof SealTrajectoryEvent>;

const tags = ['seals'];
/** GET /api/seals/:id/image: the seal as SVG (vector seals) or the uploaded PNG/SVG. */
export const sealImageRoute = { tags, params: SealIdParams, response: { ...denied } };
export const usableSealsRoute = {
  tags,
  response: { 200: Type.Array(UsableSeal), 401: ErrorBody, 403: ErrorBody },
};
export const listSealsRoute = {
  tags,
  querystring: ListSealsQuery,
  response: { 200: Type.Array(Seal), ...denied },
};
export const getSealRoute = { tags, params: SealIdParams, response: { 200: Seal, ...denied } };
/** GET /api/seals/requestable: the active seals anyone who files requests may ask to use. */
export const requestableSealsRoute = {
  tags,
  response: { 200: Type.Array(Seal), 401: ErrorBody, 403: ErrorBody },
};
export const listGranteesRoute = {
  tags,
  querystring: ListSealsQuery,
  response: { 200: Type.Array(Grantee), ...denied },
};
export const listSealGrantsRoute = {
  tags,
  params: SealIdParams,
  response: { 200: Type.Array(SealGrant), ...denied },
};
export const withdrawSealGrantRoute = {
  tags,
  params: SealGrantParams,
  response: { 204: Type.Null(), ...denied },
};
export const useSealRoute = {
  tags,
  description:
    'Stamps a PDF with the seal: the body is the PDF itself (Content-Type: application/pdf, at most 20 MB), the other inputs are in the query string. Answers the sealed PDF, with x-document-sha256, x-ledger-id and, when a validator may object, x-seal-warning.',
  params: SealIdParams,
  querystring: UseSealQuery,
  response: { 400: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 503: ErrorBody, ...denied },
};
export const sealTrajectoryRoute = {
  tags,
  params: SealIdParams,
  response: { 200: Type.Array(SealTrajectoryEvent), ...denied },
};

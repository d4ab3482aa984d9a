// The service API (签章服务中间件): business systems (OA, HR, finance) call the seal step with a
// service account's key. The seal office creates an account with scopes; a security admin approves
// it before its key works (two people). Console routes manage accounts; /api/service/v1/* is what a
// key reaches, and nothing else.
import { type Static, Type } from '@sinclair/typebox';
import { CredentialDetail } from './credentials.ts';
import { denied, ErrorBody } from './error-body.ts';
import { DocumentType, SealPlacement, UseSealQuery } from './seals.ts';
import { VerificationResult } from './verification.ts';

/** What a service key may do, each named in the account's scope. */
export const SERVICE_OPERATIONS = [
  'stamp',
  'batch-stamp',
  'issue-credential',
  'verify',
  'read-ledger',
] as const;
export type ServiceOperation = (typeof SERVICE_OPERATIONS)[number];
export const ServiceOperation = Type.Union(SERVICE_OPERATIONS.map((o) => Type.Literal(o)));

/**
 * pending: waiting for a security admin; active: its key works; suspended: stopped by the seal office
 * (resuming asks for approval again); rejected and revoked: for good.
 */
export const ServiceAccountStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('rejected'),
  Type.Literal('revoked'),
]);
export type ServiceAccountStatus = Static<typeof ServiceAccountStatus>;

/** IPv4 or IPv6 network in CIDR notation, or a single address. */
const Cidr = Type.String({ minLength: 2, maxLength: 64, pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' });

export const ServiceAccount = Type.Object(
  {
    id: Type.String(),
    /** The account's name in the audit log and the ledger: `svc:<name>`. */
    username: Type.String(),
    displayName: Type.String(),
    unitId: Type.String(),
    sealIds: Type.Array(Type.String()),
    /** Credential types (template codes) the key may issue. */
    typeCodes: Type.Array(Type.String()),
    operations: Type.Array(ServiceOperation),
    /** Empty: any address. */
    ipAllow: Type.Array(Type.String()),
    ratePerMinute: Type.Integer(),
    status: ServiceAccountStatus,
    /** The key's first characters, to tell keys apart; the key itself is shown once. */
    keyPrefix: Type.String(),
    createdBy: Type.String(),
    createdAt: Type.String(),
    decidedBy: Type.Union([Type.String(), Type.Null()]),
    decidedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ServiceAccount = Static<typeof ServiceAccount>;

export const CreateServiceAccountBody = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$', description: 'lower-case letters, digits, -' }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    unitId: Type.String({ minLength: 1 }),
    sealIds: Type.Array(Type.String({ minLength: 1 }), { maxItems: 50 }),
    typeCodes: Type.Array(Type.String({ minLength: 1 }), { maxItems: 50 }),
    operations: Type.Array(ServiceOperation, { minItems: 1, maxItems: SERVICE_OPERATIONS.length }),
    ipAllow: Type.Array(Cidr, { maxItems: 50 }),
    ratePerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type CreateServiceAccountBody = Static<typeof CreateServiceAccountBody>;

/** The account with its key: the only answer that carries the key, at creation and rotation. */
export const ServiceAccountWithKey = Type.Object(
  { account: ServiceAccount, key: Type.String() },
  { additionalProperties: false },
);
export type ServiceAccountWithKey = Static<typeof ServiceAccountWithKey>;

const tags = ['service-accounts'];
const IdParams = Type.Object({ id: Type.String() }, { additionalProperties: false });

export const listServiceAccountsRoute = {
  tags,
  querystring: Type.Object({ unitId: Type.Optional(Type.String()) }, { additionalProperties: false }),
  response: { 200: Type.Array(ServiceAccount), ...denied },
};
export const pendingServiceAccountsRoute = {
  tags,
  description: 'Accounts waiting for a security admin: approve or reject.',
  response: { 200: Type.Array(ServiceAccount), ...denied },
};
export const createServiceAccountRoute = {
  tags,
  description: 'Creates a pending account and its key (shown once); a security admin approves it.',
  body: CreateServiceAccountBody,
  response: { 201: ServiceAccountWithKey, 400: ErrorBody, 409: ErrorBody, ...denied },
};
export const rotateServiceAccountKeyRoute = {
  tags,
  description: 'A new key (shown once); the old one stops working at once.',
  params: IdParams,
  response: { 200: ServiceAccountWithKey, 409: ErrorBody, ...denied },
};
export const changeServiceAccountRoute = {
  tags,
  params: IdParams,
  response: { 200: ServiceAccount, 409: ErrorBody, ...denied },
};

// ---- /api/service/v1 ----------------------------------------------------------------------------

const serviceTags = ['service-api'];
/** What the key hook may answer before a handler runs. */
const keyDenied = { 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };

export const serviceStampRoute = {
  tags: serviceTags,
  description:
    "Stamps one PDF with a seal in the key's scope, synchronously: the body is the PDF (application/pdf), placement in the query string as for POST /api/seals/:id/use. Answers the sealed PDF with x-document-sha256 and x-ledger-id.",
  params: IdParams,
  querystring: UseSealQuery,
  response: { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, ...keyDenied },
};

export const ServiceBatchStatus = Type.Union([
  /** Files are being uploaded. */
  Type.Literal('open'),
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('completed'),
]);
export type ServiceBatchStatus = Static<typeof ServiceBatchStatus>;

export const ServiceBatch = Type.Object(
  {
    id: Type.String(),
    sealId: Type.String(),
    documentType: DocumentType,
    purpose: Type.String(),
    placement: SealPlacement,
    status: ServiceBatchStatus,
    files: Type.Integer(),
    sealed: Type.Integer(),
    failed: Type.Integer(),
    createdAt: Type.String(),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ServiceBatch = Static<typeof ServiceBatch>;

export const CreateServiceBatchBody = Type.Object(
  {
    sealId: Type.String({ minLength: 1 }),
    documentType: DocumentType,
    purpose: Type.String({ minLength: 1, maxLength: 500 }),
    placement: SealPlacement,
  },
  { additionalProperties: false },
);
export type CreateServiceBatchBody = Static<typeof CreateServiceBatchBody>;

/** The most files one batch takes. */
export const MAX_SERVICE_BATCH_FILES = 10_000;

export const ServiceBatchFile = Type.Object(
  {
    seq: Type.Integer(),
    name: Type.String(),
    status: Type.Union([Type.Literal('waiting'), Type.Literal('sealed'), Type.Literal('failed')]),
    sha256: Type.Union([Type.String(), Type.Null()]),
    ledgerId: Type.Union([Type.String(), Type.Null()]),
    /** Why the file was not sealed (an error code of the API). */
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ServiceBatchFile = Static<typeof ServiceBatchFile>;

const BatchParams = Type.Object({ id: Type.String() }, { additionalProperties: false });
const BatchFileParams = Type.Object(
  { id: Type.String(), seq: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const createServiceBatchRoute = {
  tags: serviceTags,
  description: 'Opens a batch (后台批量签): upload its files, then start it.',
  body: CreateServiceBatchBody,
  response: { 201: ServiceBatch, 400: ErrorBody, 404: ErrorBody, ...keyDenied },
};
export const addServiceBatchFileRoute = {
  tags: serviceTags,
  description: 'Adds one PDF (the body, application/pdf) to an open batch.',
  params: BatchParams,
  querystring: Type.Object(
    { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
    { additionalProperties: false },
  ),
  response: {
    201: ServiceBatchFile,
    404: ErrorBody,
    409: ErrorBody,
    413: ErrorBody,
    415: ErrorBody,
    ...keyDenied,
  },
};
export const startServiceBatchRoute = {
  tags: serviceTags,
  description:
    "Queues an open batch; it is sealed in the background and a 'batch.completed' webhook event is sent at the end.",
  params: BatchParams,
  response: { 200: ServiceBatch, 404: ErrorBody, 409: ErrorBody, ...keyDenied },
};
export const getServiceBatchRoute = {
  tags: serviceTags,
  params: BatchParams,
  response: { 200: ServiceBatch, 404: ErrorBody, ...keyDenied },
};
export const listServiceBatchFilesRoute = {
  tags: serviceTags,
  params: BatchParams,
  querystring: Type.Object(
    {
      after: Type.Optional(Type.Integer({ minimum: 0 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    },
    { additionalProperties: false },
  ),
  response: { 200: Type.Array(ServiceBatchFile), 404: ErrorBody, ...keyDenied },
};
export const getServiceBatchFileRoute = {
  tags: serviceTags,
  description: 'One sealed file of the batch.',
  params: BatchFileParams,
  response: { 404: ErrorBody, 409: ErrorBody, ...keyDenied },
};
export const getServiceBatchZipRoute = {
  tags: serviceTags,
  description: 'Every sealed file of a completed batch as one ZIP, with results.csv (file, status, error).',
  params: BatchParams,
  response: { 404: ErrorBody, 409: ErrorBody, ...keyDenied },
};

export const ServiceIssueCredentialBody = Type.Object(
  {
    typeCode: Type.String({ minLength: 1 }),
    /** 学号/工号 of the record's subject, as pushed by the data source. */
    subject: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type ServiceIssueCredentialBody = Static<typeof ServiceIssueCredentialBody>;
export const serviceIssueCredentialRoute = {
  tags: serviceTags,
  description: "Issues a credential of a type in the key's scope from the subject's current record.",
  body: ServiceIssueCredentialBody,
  response: { 201: CredentialDetail, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...keyDenied },
};

export const serviceVerifyRoute = {
  tags: serviceTags,
  description: 'Verifies a PDF (the body, application/pdf), as the public verification page does.',
  response: { 200: VerificationResult, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody, ...keyDenied },
};

export const ServiceLedgerEntry = Type.Object(
  {
    id: Type.String(),
    sealId: Type.String(),
    documentSha256: Type.String(),
    documentType: DocumentType,
    purpose: Type.String(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type ServiceLedgerEntry = Static<typeof ServiceLedgerEntry>;
export const ServiceLedgerPage = Type.Object(
  {
    items: Type.Array(ServiceLedgerEntry),
    /** Pass as `after` for the next page; null on the last page. */
    next: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ServiceLedgerPage = Static<typeof ServiceLedgerPage>;
export const serviceLedgerRoute = {
  tags: serviceTags,
  description: "The ledger rows this account's calls wrote, oldest first.",
  querystring: Type.Object(
    {
      after: Type.Optional(Type.String({ maxLength: 200 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    },
    { additionalProperties: false },
  ),
  response: { 200: ServiceLedgerPage, 400: ErrorBody, ...keyDenied },
};

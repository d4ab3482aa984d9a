import { type Static, Type } from '@sinclair/typebox';
import { denied, ErrorBody } from './error-body.ts';
import { FlowDefinition, RequestType } from './flows.ts';
import {
  CreateSealBody,
  DocumentType,
  GrantSealUseBody,
  SealAppearanceSpec,
  SealPlacement,
} from './seals.ts';
import { UploadRef } from './uploads.ts';

const Id = Type.String({ minLength: 1 });
const Reason = Type.String({ minLength: 1, maxLength: 1000 });

/** A file attached to a request: the PDF to stamp (Word and Excel files are converted to PDF). */
export const MAX_REQUEST_FILE_BYTES = 20 * 1024 * 1024;

export const SealUsePayload = Type.Object(
  {
    sealId: Id,
    documentType: DocumentType,
    purpose: Reason,
    /** Electronic copies the approval allows stamping (each one a ledger row). */
    copies: Type.Integer({ minimum: 1, maximum: 100 }),
    placement: SealPlacement,
    /** Contract amount in yuan, for conditions such as "above 100,000 the finance office signs too". */
    amount: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export const PhysicalUsePayload = Type.Object(
  {
    sealId: Id,
    documentType: DocumentType,
    purpose: Reason,
    copies: Type.Integer({ minimum: 1, maximum: 1000 }),
    /** When the seal is to be back with its custodian (ISO 8601). */
    returnBy: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const ChangeSealPayload = Type.Object(
  {
    sealId: Id,
    reason: Reason,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    spec: Type.Optional(SealAppearanceSpec),
    /** A new uploaded PNG or SVG for an image seal. */
    image: Type.Optional(UploadRef),
    /** Moves the seal to another unit (a reorganisation): its seal admins manage it from then on. */
    ownerUnitId: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export const TransferSealPayload = Type.Object(
  { sealId: Id, reason: Reason, custodianUserId: Id },
  { additionalProperties: false },
);
export const SealStatusPayload = Type.Object({ sealId: Id, reason: Reason }, { additionalProperties: false });

/** Asking to use a seal (business creators): an electronic stamp on a file, or the physical seal. */
export const SubmitUseRequestBody = Type.Union([
  Type.Object(
    /** `file`: the uploaded PDF, Word, Excel or OpenDocument file (POST /api/uploads). */
    { type: Type.Literal('seal.use'), payload: SealUsePayload, file: UploadRef },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('seal.physicalUse'),
      payload: PhysicalUsePayload,
      file: Type.Optional(UploadRef),
    },
    { additionalProperties: false },
  ),
]);
export type SubmitUseRequestBody = Static<typeof SubmitUseRequestBody>;

/** Asking to make or change a seal (seal admins, in their units); the payload is what approval will do. */
export const SubmitSealRequestBody = Type.Union([
  Type.Object(
    {
      type: Type.Literal('seal.make'),
      payload: Type.Composite([CreateSealBody, Type.Object({ reason: Reason })], {
        additionalProperties: false,
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('seal.change'), payload: ChangeSealPayload },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('seal.authorize'),
      payload: Type.Object(
        { sealId: Id, reason: Reason, grant: GrantSealUseBody },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('seal.transfer'), payload: TransferSealPayload },
    { additionalProperties: false },
  ),
  ...(['seal.suspend', 'seal.resume', 'seal.revoke', 'seal.destroy'] as const).map((t) =>
    Type.Object({ type: Type.Literal(t), payload: SealStatusPayload }, { additionalProperties: false }),
  ),
]);
export type SubmitSealRequestBody = Static<typeof SubmitSealRequestBody>;

/**
 * A student or staff member asking for a credential whose type needs approval (the portal submits it;
 * POST /api/portal/credentials). On approval the credential is issued to the requester.
 */
export const SubmitCredentialRequestBody = Type.Object(
  {
    type: Type.Literal('credential.issue'),
    payload: Type.Object(
      {
        templateId: Id,
        typeCode: Type.String({ minLength: 1, maxLength: 64 }),
        recordId: Id,
        subject: Id,
        purpose: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SubmitCredentialRequestBody = Static<typeof SubmitCredentialRequestBody>;

export type SubmitRequestBody = SubmitUseRequestBody | SubmitSealRequestBody | SubmitCredentialRequestBody;

export const RequestStatus = Type.Union(
  ['pending', 'approved', 'rejected', 'returned', 'withdrawn', 'completed'].map((s) => Type.Literal(s)),
);

const Person = Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false });

export const RequestStepView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    stage: Type.Integer(),
    mode: Type.Union([Type.Literal('all'), Type.Literal('any')]),
    status: Type.String(),
    approvers: Type.Array(Person),
    approvals: Type.Array(
      Type.Object(
        {
          user: Person,
          onBehalfOf: Type.Union([Person, Type.Null()]),
          at: Type.String(),
          comment: Type.Union([Type.String(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    dueAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const RequestHistoryView = Type.Object(
  {
    at: Type.String(),
    actor: Type.Union([Person, Type.Null()]),
    action: Type.String(),
    stepId: Type.Union([Type.String(), Type.Null()]),
    onBehalfOf: Type.Union([Person, Type.Null()]),
    comment: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const RequestFileView = Type.Object(
  {
    id: Type.String(),
    round: Type.Integer(),
    name: Type.String(),
    sha256: Type.String(),
    size: Type.Integer(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type RequestFileView = Static<typeof RequestFileView>;

/** A sealed copy stamped under the request, kept in the archive with its ledger row. */
export const SealedFileView = Type.Object(
  {
    /** The ledger row (sealed_documents.id): GET /api/requests/:id/sealed/:ledgerId downloads it. */
    ledgerId: Type.String(),
    sha256: Type.String(),
    /** SM3 hex of the same file; null on a row sealed before SM3 was recorded whose file was not kept. */
    sm3: Type.Union([Type.String(), Type.Null()]),
    sealedBy: Person,
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type SealedFileView = Static<typeof SealedFileView>;

/** A request as its requester and approvers see it. Key material and uploads are never included. */
export const ApprovalRequest = Type.Object(
  {
    id: Type.String(),
    type: RequestType,
    status: RequestStatus,
    title: Type.String(),
    requester: Person,
    unitId: Type.String(),
    sealId: Type.Union([Type.String(), Type.Null()]),
    sealName: Type.Union([Type.String(), Type.Null()]),
    /** The submitted payload (an image upload shows only its media type). */
    payload: Type.Record(Type.String(), Type.Unknown()),
    round: Type.Integer(),
    steps: Type.Array(RequestStepView),
    history: Type.Array(RequestHistoryView),
    /** Who may approve, reject or return now. */
    currentApprovers: Type.Array(Person),
    files: Type.Array(RequestFileView),
    /** For an approved seal.use: how many copies were stamped so far. */
    stamped: Type.Integer(),
    /** The sealed copies, oldest first; the requester and file admins over the unit download them again. */
    sealedFiles: Type.Array(SealedFileView),
    /** What the approved request did (seal id, grant id, error) once carried out. */
    result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    /** Risk warnings raised on this request (sensitive words, off-hours, bursts…), for its approvers. */
    riskAlerts: Type.Array(
      Type.Object(
        {
          rule: Type.String(),
          severity: Type.String(),
          details: Type.Record(Type.String(), Type.Unknown()),
          createdAt: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    /** For an approved physical-seal request: who took the seal out and its return. */
    custody: Type.Union([
      Type.Object(
        {
          takenBy: Person,
          takenAt: Type.String(),
          handedOutBy: Person,
          returnedAt: Type.Union([Type.String(), Type.Null()]),
          receivedBy: Type.Union([Person, Type.Null()]),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    /** Set by a directory sync when the requester or a waiting approver has left the school. */
    flag: Type.Union([Type.Literal('requester_left'), Type.Literal('approver_left'), Type.Null()]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type ApprovalRequest = Static<typeof ApprovalRequest>;

export const RequestAction = Type.Union([
  Type.Object(
    {
      action: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('return')]),
      comment: Type.Optional(Type.String({ maxLength: 2000 })),
      /** The approver the caller acts for under a delegation. */
      onBehalfOf: Type.Optional(Id),
      /** When the caller approves several steps of the current stage. */
      stepId: Type.Optional(Id),
    },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('withdraw') }, { additionalProperties: false }),
]);
export type RequestAction = Static<typeof RequestAction>;

/** A returned request comes back with changed fields and, for uses, possibly a new version of the file. */
export const ResubmitRequestBody = Type.Object(
  {
    payload: Type.Record(Type.String(), Type.Unknown()),
    /** A new version of the file, uploaded (POST /api/uploads). */
    file: Type.Optional(UploadRef),
  },
  { additionalProperties: false },
);
export type ResubmitRequestBody = Static<typeof ResubmitRequestBody>;

export const ListRequestsQuery = Type.Object(
  {
    /** mine: I asked; inbox: waiting for me now; done: I acted on. */
    view: Type.Union([Type.Literal('mine'), Type.Literal('inbox'), Type.Literal('done')]),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ListRequestsQuery = Static<typeof ListRequestsQuery>;

export const RequestIdParams = Type.Object({ id: Id });
export type RequestIdParams = Static<typeof RequestIdParams>;
export const RequestFileParams = Type.Object({ id: Id, fileId: Id });
export type RequestFileParams = Static<typeof RequestFileParams>;
export const SealedFileParams = Type.Object({ id: Id, ledgerId: Id });
export type SealedFileParams = Static<typeof SealedFileParams>;

export const FlowView = Type.Object(
  {
    requestType: RequestType,
    name: Type.String(),
    definition: FlowDefinition,
    /** False while the built-in default applies. */
    customised: Type.Boolean(),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type FlowView = Static<typeof FlowView>;
export const PutFlowBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), definition: FlowDefinition },
  { additionalProperties: false },
);
export type PutFlowBody = Static<typeof PutFlowBody>;
export const FlowTypeParams = Type.Object({ type: RequestType });
export type FlowTypeParams = Static<typeof FlowTypeParams>;

export const Delegation = Type.Object(
  {
    id: Type.String(),
    fromUserId: Type.String(),
    toUserId: Type.String(),
    startsAt: Type.String(),
    endsAt: Type.String(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Delegation = Static<typeof Delegation>;
export const CreateDelegationBody = Type.Object(
  {
    toUserId: Id,
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type CreateDelegationBody = Static<typeof CreateDelegationBody>;

export const Notification = Type.Object(
  {
    id: Type.String(),
    requestId: Type.String(),
    reason: Type.String(),
    createdAt: Type.String(),
    readAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Notification = Static<typeof Notification>;

const tags = ['requests'];
const submitted = { 201: ApprovalRequest, 400: ErrorBody, 409: ErrorBody, 413: ErrorBody, ...denied };
export const submitUseRequestRoute = { tags, body: SubmitUseRequestBody, response: submitted };
export const submitSealRequestRoute = { tags, body: SubmitSealRequestBody, response: submitted };
export const listRequestsRoute = {
  tags,
  querystring: ListRequestsQuery,
  response: { 200: Type.Array(ApprovalRequest), ...denied },
};
export const getRequestRoute = {
  tags,
  params: RequestIdParams,
  response: { 200: ApprovalRequest, ...denied },
};
export const actOnRequestRoute = {
  tags,
  params: RequestIdParams,
  body: RequestAction,
  response: { 200: ApprovalRequest, 400: ErrorBody, 409: ErrorBody, ...denied },
};
export const resubmitRequestRoute = {
  tags,
  params: RequestIdParams,
  body: ResubmitRequestBody,
  response: { 200: ApprovalRequest, 400: ErrorBody, 409: ErrorBody, ...denied },
};
export const stampRequestRoute = {
  tags,
  description:
    "Stamps one copy of an approved seal-use request. No body: the approved file as stored. A body (Content-Type: application/pdf): the caller's copy, which must be the approved file byte for byte. Answers the sealed PDF, with x-document-sha256 and x-ledger-id.",
  params: RequestIdParams,
  response: { 400: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 503: ErrorBody, ...denied },
};
/** GET /api/requests/:id/files/:fileId: the PDF as submitted (application/pdf). */
export const requestFileRoute = { tags, params: RequestFileParams, response: { ...denied } };
/**
 * GET /api/requests/:id/sealed/:ledgerId: a sealed copy stamped under the request (application/pdf),
 * the same bytes as stamping returned; for its requester and holders of documents.read over its unit.
 */
export const sealedFileRoute = {
  tags,
  params: SealedFileParams,
  response: { 410: ErrorBody, ...denied },
};
export const requestDiffRoute = {
  tags,
  params: RequestIdParams,
  response: {
    200: Type.Object(
      {
        fromRound: Type.Integer(),
        toRound: Type.Integer(),
        /** Line diff of the extracted text: unchanged, added and removed runs. */
        parts: Type.Array(
          Type.Object(
            {
              kind: Type.Union([Type.Literal('same'), Type.Literal('added'), Type.Literal('removed')]),
              text: Type.String(),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    ...denied,
  },
};
/** POST /api/requests/:id/checkout and /return: the custodian hands the physical seal out and takes it back. */
export const custodyRoute = {
  tags,
  params: RequestIdParams,
  response: { 200: ApprovalRequest, 409: ErrorBody, ...denied },
};
export const listFlowsRoute = { tags: ['flows'], response: { 200: Type.Array(FlowView), ...denied } };
export const putFlowRoute = {
  tags: ['flows'],
  params: FlowTypeParams,
  body: PutFlowBody,
  response: { 200: FlowView, 400: ErrorBody, ...denied },
};
export const listDelegationsRoute = { tags, response: { 200: Type.Array(Delegation), ...denied } };
export const createDelegationRoute = {
  tags,
  body: CreateDelegationBody,
  response: { 201: Delegation, 400: ErrorBody, ...denied },
};
export const DelegationIdParams = Type.Object({ id: Id });
export type DelegationIdParams = Static<typeof DelegationIdParams>;
export const endDelegationRoute = {
  tags,
  params: DelegationIdParams,
  response: { 204: Type.Null(), ...denied },
};
export const listNotificationsRoute = { tags, response: { 200: Type.Array(Notification), ...denied } };
export const readNotificationsRoute = { tags, response: { 204: Type.Null(), ...denied } };

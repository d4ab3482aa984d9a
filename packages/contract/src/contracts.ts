// Contracts (电子合同): an envelope of one PDF and its parties. People sign with a key only they hold
// (a browser key certified from its request); organisations stamp with a seal through the seal step.
import { type Static, Type } from '@sinclair/typebox';
import { ExternalPartyInput } from './contract-invitations.ts';
import { ErrorBody } from './error-body.ts';
import { SealPlacement } from './seals.ts';
import { UploadRef } from './uploads.ts';

const tags = ['contracts'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const CONTRACT_STATUSES = ['signing', 'completed', 'declined', 'voided', 'expired'] as const;
export const ContractStatus = Type.Union(CONTRACT_STATUSES.map((s) => Type.Literal(s)));
export type ContractStatus = Static<typeof ContractStatus>;

/** waiting: parties before it sign first; ready: may sign now; signed; declined. */
export const PARTY_STATUSES = ['waiting', 'ready', 'signed', 'declined'] as const;
export const PartyStatus = Type.Union(PARTY_STATUSES.map((s) => Type.Literal(s)));
export type PartyStatus = Static<typeof PartyStatus>;

/** sequential: each party after the one before; parallel: every party at once. */
export const SigningOrder = Type.Union([Type.Literal('sequential'), Type.Literal('parallel')]);
export type SigningOrder = Static<typeof SigningOrder>;

/**
 * Where a person's key lives, chosen by the initiator per party. browser: a non-extractable WebCrypto
 * key in the signer's browser; token: a hardware token (UKey) reached through the local helper
 * (`openseal token-helper`); event: an event certificate (事件证书), a one-time key the platform makes,
 * uses for this one signature and discards — for low-assurance cases, and labelled so in the evidence.
 */
export const KEY_CUSTODIES = ['browser', 'token', 'event'] as const;
export const KeyCustody = Type.Union(KEY_CUSTODIES.map((c) => Type.Literal(c)));
export type KeyCustody = Static<typeof KeyCustody>;

/**
 * How a person proves who they are before their key is certified. campus: signed in with the
 * school's identity (the account); real-name: also a real-name check (name + ID number, + phone for
 * three elements) through the configured provider (实名认证).
 */
export const IDENTITY_CHECKS = ['campus', 'real-name'] as const;
export const IdentityCheck = Type.Union(IDENTITY_CHECKS.map((c) => Type.Literal(c)));
export type IdentityCheck = Static<typeof IdentityCheck>;

export const ContractIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type ContractIdParams = Static<typeof ContractIdParams>;

/**
 * Where a party's signing date is printed when they sign (a 签署日期 box): the centre of the box on a
 * 1-based page in points, y up from the bottom edge, and the characters' height. The date (school time
 * zone, YYYY-MM-DD) is part of that party's own signature, a second widget of its field.
 */
export const SigningDateAt = Type.Object(
  {
    page: Type.Integer({ minimum: 1 }),
    x: Type.Number(),
    y: Type.Number(),
    heightMm: Type.Number({ minimum: 2, maximum: 20 }),
  },
  { additionalProperties: false },
);
export type SigningDateAt = Static<typeof SigningDateAt>;

export const PartyInput = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('person'),
      username: Type.String({ minLength: 1, maxLength: 128, description: "The signer's account" }),
      /** Default browser. */
      custody: Type.Optional(KeyCustody),
      /** Default campus. */
      identity: Type.Optional(IdentityCheck),
      placement: Type.Optional(SealPlacement),
      signingDateAt: Type.Optional(SigningDateAt),
    },
    { additionalProperties: false },
  ),
  ExternalPartyInput,
  Type.Object(
    {
      kind: Type.Literal('organization'),
      sealId: Type.String({ minLength: 1, maxLength: 64, description: 'The seal that stamps for it' }),
      placement: Type.Optional(SealPlacement),
      signingDateAt: Type.Optional(SigningDateAt),
    },
    { additionalProperties: false },
  ),
]);
export type PartyInput = Static<typeof PartyInput>;

export const MAX_CONTRACT_PARTIES = 20;

export const CreateContractBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    file: UploadRef,
    order: SigningOrder,
    parties: Type.Array(PartyInput, { minItems: 1, maxItems: MAX_CONTRACT_PARTIES }),
    /** Signing closes at the end of this day in the school's time zone (YYYY-MM-DD). */
    deadline: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    /** 抄送: accounts that may read the contract and hear when it ends. */
    cc: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
        maxItems: MAX_CONTRACT_PARTIES,
        uniqueItems: true,
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateContractBody = Static<typeof CreateContractBody>;

export const ContractParty = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
    /** 1-based place in the signing order. */
    position: Type.Integer(),
    /** The person's name, or the seal's name. */
    name: Type.String(),
    username: Type.Optional(Type.String()),
    sealId: Type.Optional(Type.String()),
    status: PartyStatus,
    signedAt: Type.Optional(Type.String()),
    declineReason: Type.Optional(Type.String()),
    /** The certificate's subject the party signed under (people). */
    certificateSubject: Type.Optional(Type.String()),
    /** People: where the key that signs (or signed) lives. */
    custody: Type.Optional(KeyCustody),
    /** People: the identity check asked for, and whether it passed. */
    identity: Type.Optional(IdentityCheck),
    identityVerified: Type.Optional(Type.Boolean()),
    /** The caller is this party (a person), or may stamp for it (an organisation: the initiator). */
    mine: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ContractParty = Static<typeof ContractParty>;

export const ContractSummary = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    status: ContractStatus,
    order: SigningOrder,
    initiator: Type.String(),
    initiatedByMe: Type.Boolean(),
    createdAt: Type.String(),
    /** The last day of signing, YYYY-MM-DD in the school's time zone. */
    deadline: Type.Optional(Type.String()),
    parties: Type.Array(ContractParty),
    /** True when a party the caller acts for may sign now. */
    awaitingMe: Type.Boolean(),
    /** The names of the people it is copied to (抄送). */
    cc: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type ContractSummary = Static<typeof ContractSummary>;

export const CONTRACT_EVENT_KINDS = [
  'created',
  'viewed',
  'reminded',
  'consented',
  'identity-checked',
  'code-verified',
  'certificate-issued',
  'signed',
  'sealed',
  'declined',
  'voided',
  'void-proposed',
  'void-agreed',
  'expired',
  'completed',
] as const;
export const ContractEventKind = Type.Union(CONTRACT_EVENT_KINDS.map((k) => Type.Literal(k)));
export type ContractEventKind = Static<typeof ContractEventKind>;

export const ContractEvent = Type.Object(
  {
    at: Type.String(),
    kind: ContractEventKind,
    actor: Type.String(),
    partyId: Type.Optional(Type.String()),
    ip: Type.Optional(Type.String()),
    userAgent: Type.Optional(Type.String()),
    /** SHA-256 of the contract's file as it stood after the event. */
    documentSha256: Type.String(),
    detail: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ContractEvent = Static<typeof ContractEvent>;

export const ContractDetail = Type.Composite([
  ContractSummary,
  Type.Object({
    documentSha256: Type.String(),
    voidReason: Type.Optional(Type.String()),
    /**
     * A completed contract is voided only by agreement: the initiator proposes with a reason, every
     * person party agrees, and then it is voided; `agreed` lists the parties that have.
     */
    voidProposal: Type.Optional(
      Type.Object(
        { reason: Type.String(), proposedAt: Type.String(), agreed: Type.Array(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    events: Type.Array(ContractEvent),
  }),
]);
export type ContractDetail = Static<typeof ContractDetail>;

/** GB 11643 citizen ID number: 17 digits and a check character. */
export const RealNameBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    idNumber: Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' }),
    /** A third element (三要素) when given: the phone registered to the ID. */
    phone: Type.Optional(Type.String({ pattern: '^1[0-9]{10}$' })),
    /**
     * 人脸核验, when the provider offers it (the previous answer said `next: 'face'`): a camera frame sent
     * with the same name and ID number, as the vendors' photo face verification APIs take them. Checked,
     * hashed and dropped; never stored.
     */
    face: Type.Optional(
      Type.Object(
        {
          mediaType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png')]),
          // Longer than a 5 MB image's base64, so an oversized photo gets the face check's own answer.
          image: Type.String({ minLength: 4, maxLength: 8 * 1024 * 1024, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RealNameBody = Static<typeof RealNameBody>;

/** The largest selfie the face step takes (bytes, decoded). */
export const MAX_FACE_IMAGE_BYTES = 5 * 1024 * 1024;

/** The contract after a real-name step, and the step still asked for, if any. */
export const RealNameOutcome = Type.Composite([
  ContractDetail,
  Type.Object({
    /** 'face': the name and ID number passed and the provider's face check comes next. */
    next: Type.Optional(Type.Literal('face')),
  }),
]);
export type RealNameOutcome = Static<typeof RealNameOutcome>;

const base64 = (maxLength: number, description: string) =>
  Type.String({ minLength: 4, maxLength, pattern: '^[A-Za-z0-9+/]+={0,2}$', description });

export const SignerCertificateBody = Type.Object(
  { csr: base64(8192, 'PKCS#10 certification request (DER, base64) signed by the browser key') },
  { additionalProperties: false },
);
export type SignerCertificateBody = Static<typeof SignerCertificateBody>;

export const SignerCertificate = Type.Object(
  {
    certificate: Type.String({ description: 'DER, base64' }),
    subject: Type.String(),
    notAfter: Type.String(),
  },
  { additionalProperties: false },
);
export type SignerCertificate = Static<typeof SignerCertificate>;

/** A drawn signature is a PNG of at most 300 KB. */
export const MAX_SIGNATURE_IMAGE_BYTES = 300 * 1024;

export const SignatureAppearance = Type.Union([
  /** The signer's name from their account, written over a signature line. */
  Type.Object({ kind: Type.Literal('typed') }, { additionalProperties: false }),
  /** The signer's name as a square personal seal (人名章): names of up to four characters. */
  Type.Object({ kind: Type.Literal('name-seal') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('drawn'),
      png: base64(Math.ceil((MAX_SIGNATURE_IMAGE_BYTES * 4) / 3) + 4, 'The drawn signature, PNG, base64'),
    },
    { additionalProperties: false },
  ),
]);
export type SignatureAppearance = Static<typeof SignatureAppearance>;

/** The signer ticked 我已阅读并同意本合同 / I have read and agree to this contract. */
const Consent = Type.Literal(true, { description: 'The signer read the contract and agrees to sign it' });

export const PrepareSignatureBody = Type.Object(
  {
    certificate: base64(8192, 'The certificate issued for the browser key (DER, base64)'),
    appearance: SignatureAppearance,
    consent: Consent,
  },
  { additionalProperties: false },
);
export type PrepareSignatureBody = Static<typeof PrepareSignatureBody>;

export const PreparedSignature = Type.Object(
  {
    /** What the key signs: ECDSA with SHA-256 over these bytes (DER signed attributes, base64). */
    toBeSigned: Type.String(),
    hash: Type.Literal('SHA-256'),
  },
  { additionalProperties: false },
);
export type PreparedSignature = Static<typeof PreparedSignature>;

export const EventSignatureBody = Type.Object(
  { appearance: SignatureAppearance, consent: Consent },
  { additionalProperties: false },
);
export type EventSignatureBody = Static<typeof EventSignatureBody>;

export const CompleteSignatureBody = Type.Object(
  {
    signature: base64(
      1024,
      'The signature value, base64: ECDSA as r‖s (IEEE P1363, as WebCrypto returns it), RSA PKCS#1 v1.5',
    ),
  },
  { additionalProperties: false },
);
export type CompleteSignatureBody = Static<typeof CompleteSignatureBody>;

export const SealContractBody = Type.Object(
  { partyId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type SealContractBody = Static<typeof SealContractBody>;

export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type ReasonBody = Static<typeof ReasonBody>;

export const createContractRoute = {
  summary: 'Start a contract: a PDF and its parties, signed in order or in parallel',
  tags,
  body: CreateContractBody,
  response: { 201: ContractDetail, ...errors },
};
export const MAX_CONTRACT_PAGE = 200;

export const ListContractsQuery = Type.Object(
  {
    /** Words of the title (all of them, in any case). */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    status: Type.Optional(ContractStatus),
    /** Only those waiting for the caller's signature or stamp. */
    awaitingMe: Type.Optional(Type.Boolean()),
    /** The page after this cursor (the previous page's `next`). */
    after: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CONTRACT_PAGE, default: 50 })),
  },
  { additionalProperties: false },
);
export type ListContractsQuery = Static<typeof ListContractsQuery>;

export const ContractPage = Type.Object(
  {
    items: Type.Array(ContractSummary),
    /** Pass as `after` for the next page; absent on the last page. */
    next: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ContractPage = Static<typeof ContractPage>;

export const listContractsRoute = {
  summary: 'The contracts the caller initiated or is a party to, newest first, a page at a time',
  tags,
  querystring: ListContractsQuery,
  response: { 200: ContractPage, 400: ErrorBody },
};
export const getContractRoute = {
  summary: 'A contract, its parties and every event (initiator and parties only)',
  tags,
  params: ContractIdParams,
  response: { 200: ContractDetail, 404: ErrorBody },
};
export const contractFileRoute = {
  summary: 'The contract as it stands (signed so far); recorded as a view',
  tags,
  params: ContractIdParams,
  produces: ['application/pdf'],
  response: { 404: ErrorBody },
};
export const signerCertificateRoute = {
  summary: "Certify the signer's browser key for this contract's signature (after the identity check)",
  tags,
  params: ContractIdParams,
  body: SignerCertificateBody,
  response: { 200: SignerCertificate, ...errors },
};
export const prepareSignatureRoute = {
  summary: 'Place the signature and return the bytes the signer key signs',
  tags,
  params: ContractIdParams,
  body: PrepareSignatureBody,
  response: { 200: PreparedSignature, ...errors },
};
export const completeSignatureRoute = {
  summary: "Embed the signer's signature value, timestamped; the next party's turn begins",
  tags,
  params: ContractIdParams,
  body: CompleteSignatureBody,
  response: { 200: ContractDetail, ...errors },
};
export const eventSignatureRoute = {
  summary:
    'Sign with an event certificate (事件证书): a one-time key made, used once and discarded by the platform',
  tags,
  params: ContractIdParams,
  body: EventSignatureBody,
  response: { 200: ContractDetail, ...errors },
};
export const realNameCheckRoute = {
  summary: "Pass the contract's real-name check (实名认证) through the configured provider before signing",
  tags,
  params: ContractIdParams,
  body: RealNameBody,
  response: { 200: RealNameOutcome, ...errors },
};
export const contractEvidenceRoute = {
  summary:
    "The contract's evidence report (证据报告): parties, identity, every event; sealed and timestamped",
  tags,
  params: ContractIdParams,
  produces: ['application/pdf'],
  response: { 404: ErrorBody },
};
export const SealJobBody = Type.Object(
  { sealId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type SealJobBody = Static<typeof SealJobBody>;

export const SealJobIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/** 后台批量签: every contract awaiting the caller's stamp with one seal, stamped in the background. */
export const SealJob = Type.Object(
  {
    id: Type.String(),
    sealId: Type.String(),
    status: Type.Union([Type.Literal('running'), Type.Literal('done')]),
    /** Contracts awaiting this seal when the job started. */
    total: Type.Integer(),
    sealed: Type.Integer(),
    failed: Type.Integer(),
    /** The first failures, each with the API's words for why. */
    failures: Type.Array(
      Type.Object(
        { contractId: Type.String(), code: Type.String(), message: Type.String() },
        { additionalProperties: false },
      ),
    ),
    createdAt: Type.String(),
    finishedAt: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type SealJob = Static<typeof SealJob>;

export const startSealJobRoute = {
  summary: 'Counter-seal, in the background, every contract awaiting your stamp with this seal (后台批量签)',
  tags,
  body: SealJobBody,
  response: { 201: SealJob, ...errors },
};
export const listSealJobsRoute = {
  summary: 'Your counter-sealing jobs, newest first',
  tags,
  response: { 200: Type.Array(SealJob) },
};
export const getSealJobRoute = {
  summary: 'One counter-sealing job and its progress',
  tags,
  params: SealJobIdParams,
  response: { 200: SealJob, 404: ErrorBody },
};

export const sealContractRoute = {
  summary: "Stamp for an organisation party with its seal, through the seal step's authority checks",
  tags,
  params: ContractIdParams,
  body: SealContractBody,
  response: { 200: ContractDetail, ...errors },
};
export const declineContractRoute = {
  summary: 'Decline to sign, with a reason: the contract ends declined',
  tags,
  params: ContractIdParams,
  body: ReasonBody,
  response: { 200: ContractDetail, ...errors },
};
export const agreeVoidRoute = {
  summary: "Agree to the initiator's proposal to void a completed contract (作废需各方同意)",
  tags,
  params: ContractIdParams,
  response: { 200: ContractDetail, ...errors },
};
export const voidContractRoute = {
  summary:
    'Void (作废) with a reason (initiator): at once while signing; once completed, a proposal every person party must agree to. Verification then shows it void with the reason',
  tags,
  params: ContractIdParams,
  body: ReasonBody,
  response: { 200: ContractDetail, ...errors },
};

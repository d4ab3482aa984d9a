// Public verification (验真): anyone uploads a PDF and learns whether it is authentic, unmodified and
// who sealed it when. The verdict and summary come from @openseal/pdf-sign's verify(); this is its
// JSON-safe shape for people and third parties.
import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

/** The document verdict, worst finding first; only 'authentic' means "rely on it". */
export const VerificationVerdict = Type.Union(
  [
    Type.Literal('authentic'),
    Type.Literal('modified'),
    Type.Literal('invalid'),
    Type.Literal('revoked'),
    Type.Literal('untrusted'),
    Type.Literal('indeterminate'),
    Type.Literal('timestamped'),
    Type.Literal('unsigned'),
  ],
  {
    description:
      'authentic: sealed by a trusted seal and unmodified since; timestamped: only a timestamp, which proves when but not who; anything else: do not rely on it',
  },
);
export type VerificationVerdict = Static<typeof VerificationVerdict>;

/** One seal or document timestamp in plain terms. */
export const VerifiedSignature = Type.Object(
  {
    kind: Type.Union([Type.Literal('signature'), Type.Literal('document-timestamp')]),
    /** The signed bytes are unchanged and the signature value verifies: the certificate below really signed. */
    signatureValid: Type.Boolean(),
    /** The certificate's subject common name. */
    signer: nullable(Type.String()),
    /** The certificate's organisation (O). */
    institution: nullable(Type.String()),
    /**
     * What kind of signer the certificate's policy names, for a valid signature under our trusted
     * root: an organisation's seal, a person with their own key, or an event certificate (事件证书, a
     * one-time key the platform made for that signature); null otherwise.
     */
    signerKind: nullable(Type.Union([Type.Literal('seal'), Type.Literal('person'), Type.Literal('event')])),
    /** The name of our seal whose certificate made it; null when it is not one of ours (or not trusted). */
    sealName: nullable(Type.String()),
    /** The timestamp's time when there is one, else the time the signer claims; null when neither. */
    signedAt: nullable(DateTime),
    /** True when `signedAt` is vouched for by a trusted time-stamping authority. */
    timestamped: Type.Boolean(),
    coversWholeDocument: Type.Boolean(),
    /** PAdES baseline level (B-B, B-T, B-LT, B-LTA) when conformant. */
    level: nullable(Type.String()),
    /** ETSI EN 319 102-1 indication of this signature. */
    indication: Type.Union([Type.Literal('PASSED'), Type.Literal('INDETERMINATE'), Type.Literal('FAILED')]),
  },
  { additionalProperties: false },
);
export type VerifiedSignature = Static<typeof VerifiedSignature>;

/** The validation report for experts: every structured field, JSON-safe (dates as ISO strings). */
export const VerificationDetailsSignature = Type.Object(
  {
    index: Type.Integer(),
    fieldName: nullable(Type.String()),
    kind: Type.String(),
    subFilter: Type.String(),
    intact: Type.Boolean(),
    valid: Type.Boolean(),
    trusted: Type.Boolean(),
    keyUsageOk: Type.Boolean(),
    /** The signer's key and digest in words, e.g. "ECDSA, 256-bit key, SHA-256". */
    algorithm: nullable(Type.String()),
    signer: nullable(
      Type.Object(
        {
          subject: Type.String(),
          serialHex: Type.String(),
          fingerprintSha256: Type.String(),
          notBefore: DateTime,
          notAfter: DateTime,
        },
        { additionalProperties: false },
      ),
    ),
    chain: Type.Array(
      Type.Object({ subject: Type.String(), serialHex: Type.String() }, { additionalProperties: false }),
    ),
    signingTime: nullable(
      Type.Object({ time: DateTime, source: Type.String() }, { additionalProperties: false }),
    ),
    timestamp: nullable(
      Type.Object(
        {
          time: DateTime,
          intact: Type.Boolean(),
          valid: Type.Boolean(),
          trusted: Type.Boolean(),
          tsa: nullable(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    revocation: Type.Object(
      {
        status: Type.String(),
        source: nullable(Type.String()),
        revokedAt: nullable(DateTime),
        reason: nullable(Type.String()),
        /** Why no status could be established, in plain words. */
        detail: nullable(Type.String()),
      },
      { additionalProperties: false },
    ),
    coverage: Type.String(),
    revision: Type.Integer(),
    modifications: Type.String(),
    modificationDetails: Type.Array(Type.String()),
    docMdp: nullable(
      Type.Object({ permission: Type.Integer(), violated: Type.Boolean() }, { additionalProperties: false }),
    ),
    pades: Type.Object(
      { conformant: Type.Boolean(), level: nullable(Type.String()), problems: Type.Array(Type.String()) },
      { additionalProperties: false },
    ),
    indication: Type.String(),
    subIndication: nullable(Type.String()),
    problems: Type.Array(
      Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type VerificationDetailsSignature = Static<typeof VerificationDetailsSignature>;

/** What our archive says about this exact file, when it is a credential we issued. */
export const ArchivedCredentialStatus = Type.Object(
  {
    publicId: Type.String(),
    status: Type.Union([Type.Literal('issued'), Type.Literal('revoked')]),
    typeName: Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false }),
    subjectName: Type.String(),
    issuedAt: DateTime,
    revokedAt: nullable(DateTime),
    revokeReason: nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type ArchivedCredentialStatus = Static<typeof ArchivedCredentialStatus>;

export const VerificationResult = Type.Object(
  {
    /** 'revoked' also when the signatures hold but the archive revoked the credential. */
    verdict: VerificationVerdict,
    /** Plain words derived from the report, for a registrar or an employer abroad. */
    summary: Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false }),
    signatures: Type.Array(VerifiedSignature),
    /** This exact file is in our ledger of sealed documents (its SHA-256, and its SM3 where the ledger row has one). */
    inLedger: Type.Boolean(),
    /** Set when this exact file is a credential in our archive (current or revoked). */
    credential: nullable(ArchivedCredentialStatus),
    /** Set when this exact file is a state of one of our contracts that was voided (作废), with why and when. */
    voidedContract: Type.Optional(
      Type.Object(
        { title: Type.String(), reason: Type.String(), voidedAt: DateTime },
        { additionalProperties: false },
      ),
    ),
    sha256: Type.String({ description: 'SHA-256 hex of the uploaded file' }),
    sm3: Type.String({ description: 'SM3 (GB/T 32905) hex of the uploaded file' }),
    details: Type.Object(
      {
        revisions: Type.Integer(),
        checkedAt: DateTime,
        signatures: Type.Array(VerificationDetailsSignature),
        /** Scripts, launch actions, embedded files and XFA forms a reader may run or open. */
        activeContent: Type.Array(
          Type.Object({ kind: Type.String(), where: Type.String() }, { additionalProperties: false }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type VerificationResult = Static<typeof VerificationResult>;

/**
 * POST /api/public/verify: the PDF itself as the body (Content-Type: application/pdf, at most 20 MB).
 * No sign-in; rate-limited per client address.
 */
/** The largest PDF the public verifier judges (20 MB); a larger upload is refused before it is read. */
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

export const verifyDocumentRoute = {
  summary: 'Verify a sealed PDF (public, no sign-in)',
  tags: ['verification'],
  response: {
    200: VerificationResult,
    400: ErrorBody,
    413: ErrorBody,
    415: ErrorBody,
    429: ErrorBody,
    503: ErrorBody,
  },
} as const;

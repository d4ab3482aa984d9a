// Trusted e-credentials (可信电子凭证): templates, the records the academic/HR systems push, issuing
// (portal and batch), the archive, revocation and the public view behind each document's QR code.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';
import { SealType } from './seals.ts';
import { VerificationResult } from './verification.ts';

const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Bilingual = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** A credential type's code, e.g. `transcript-major-zh`. */
export const CredentialTypeCode = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' });

/** Who a template is for: students see student types in the portal, staff see staff types. */
export const CredentialAudience = Type.Union([Type.Literal('student'), Type.Literal('staff')]);
export type CredentialAudience = Static<typeof CredentialAudience>;

/** Which seal goes where: the issuer's seal (certification signature) and, optionally, the archive's counter-seal. */
export const TemplateSealRole = Type.Union([Type.Literal('issuer'), Type.Literal('counter')]);
export type TemplateSealRole = Static<typeof TemplateSealRole>;
export const TemplateSeal = Type.Object(
  { role: TemplateSealRole, sealId: Id },
  { additionalProperties: false },
);
export type TemplateSeal = Static<typeof TemplateSeal>;

/**
 * A pdfme Template (basePdf {width, height, padding} in mm, schemas per page), as the designer saves
 * it; @openseal/templates validates it on save.
 */
export const PdfmeTemplate = Type.Object(
  {
    basePdf: Type.Object(
      {
        width: Type.Number({ minimum: 50, maximum: 1000 }),
        height: Type.Number({ minimum: 50, maximum: 1000 }),
        padding: Type.Array(Type.Number({ minimum: 0, maximum: 200 }), { minItems: 4, maxItems: 4 }),
      },
      { additionalProperties: true },
    ),
    schemas: Type.Array(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 500 }), {
      minItems: 1,
      maxItems: 20,
    }),
  },
  { additionalProperties: true },
);

/** The record's JSON Schema (draft-07 subset: object, string, number, integer, boolean, array). */
export const RecordSchema = Type.Object({}, { additionalProperties: true });

export const CredentialTemplateInput = Type.Object(
  {
    code: CredentialTypeCode,
    name: Bilingual,
    audience: CredentialAudience,
    language: Type.Union([Type.Literal('zh'), Type.Literal('en')]),
    /** The unit whose registrars issue it and whose scope covers it (e.g. 教务处). */
    ownerUnitId: Id,
    template: PdfmeTemplate,
    dataSchema: RecordSchema,
    seals: Type.Array(TemplateSeal, { minItems: 1, maxItems: 2 }),
    requiresApproval: Type.Boolean(),
    retentionYears: Type.Integer({ minimum: 1, maximum: 100 }),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type CredentialTemplateInput = Static<typeof CredentialTemplateInput>;

export const CredentialTemplateSummary = Type.Object(
  {
    id: Id,
    code: CredentialTypeCode,
    name: Bilingual,
    audience: CredentialAudience,
    language: Type.Union([Type.Literal('zh'), Type.Literal('en')]),
    ownerUnitId: Id,
    seals: Type.Array(TemplateSeal),
    requiresApproval: Type.Boolean(),
    retentionYears: Type.Integer(),
    active: Type.Boolean(),
    version: Type.Integer(),
    updatedAt: DateTime,
  },
  { additionalProperties: false },
);
export type CredentialTemplateSummary = Static<typeof CredentialTemplateSummary>;

export const CredentialTemplateDetail = Type.Composite(
  [CredentialTemplateSummary, Type.Object({ template: PdfmeTemplate, dataSchema: RecordSchema })],
  { additionalProperties: false },
);
export type CredentialTemplateDetail = Static<typeof CredentialTemplateDetail>;

// ---- Data from the academic and HR systems -------------------------------------------------------

/** A connected upstream system; its API key is shown once, on creation. */
export const DataSource = Type.Object(
  {
    id: Id,
    name: Type.String(),
    /** First characters of the key, to tell keys apart; never the key. */
    keyPrefix: Type.String(),
    createdAt: DateTime,
    revokedAt: nullable(DateTime),
  },
  { additionalProperties: false },
);
export type DataSource = Static<typeof DataSource>;
export const CreateDataSourceBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export const CreatedDataSource = Type.Object(
  {
    source: DataSource,
    apiKey: Type.String({ description: 'Shown once; send as "Authorization: Bearer <key>"' }),
  },
  { additionalProperties: false },
);

/** One person's data for one credential type; `data` must match the template's dataSchema. */
export const CredentialRecordInput = Type.Object(
  {
    /** The person's username here (student or staff number). */
    subject: Type.String({ minLength: 1, maxLength: 64 }),
    subjectName: Type.String({ minLength: 1, maxLength: 100 }),
    /** Cohort for batch selection, e.g. graduation year `2026`. */
    cohort: Type.Optional(Type.String({ maxLength: 32 })),
    data: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);
export type CredentialRecordInput = Static<typeof CredentialRecordInput>;

/** PUT /api/integration/records/:typeCode/:recordId — idempotent by the source system's record id. */
export const PushRecordResult = Type.Object(
  {
    recordId: Type.String(),
    outcome: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged')]),
  },
  { additionalProperties: false },
);
export type PushRecordResult = Static<typeof PushRecordResult>;

/** A column of an import file in both languages: `{ zh: '学号', en: 'Student number' }`. */
export const ColumnLabel = Type.Object(
  { zh: Type.String(), en: Type.String() },
  { additionalProperties: false },
);
export type ColumnLabel = Static<typeof ColumnLabel>;

export const RecordProblem = Type.Object(
  {
    /** 1-based row of the file (header is row 1), or the index in a pushed batch. */
    row: Type.Integer(),
    /** The field's path in the record (`courses[3].credits`, `courses.credits` for a file's column). */
    field: nullable(Type.String()),
    message: Type.String(),
    /** The message in Chinese (file imports; the console shows the one in its language). */
    messageZh: Type.Optional(Type.String()),
    /** The column's name as the credential type's import template labels it (file imports). */
    column: Type.Optional(nullable(ColumnLabel)),
  },
  { additionalProperties: false },
);
export type RecordProblem = Static<typeof RecordProblem>;

/**
 * POST /api/credential-records/import?typeCode=…&dryRun=… with the CSV (text/csv) or XLSX file as the
 * body. One row per table row: rows with the same `subject` are one person, columns `courses.term`
 * etc. fill the table field `courses`. Any problem: nothing is imported and every problem is listed.
 */
export const ImportReport = Type.Object(
  {
    rows: Type.Integer(),
    people: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    imported: Type.Boolean(),
    problems: Type.Array(RecordProblem),
  },
  { additionalProperties: false },
);
export type ImportReport = Static<typeof ImportReport>;

export const CredentialRecordSummary = Type.Object(
  {
    id: Id,
    typeCode: CredentialTypeCode,
    subject: Type.String(),
    subjectName: Type.String(),
    cohort: nullable(Type.String()),
    source: Type.String({ description: 'data source name, "import" or "demo"' }),
    updatedAt: DateTime,
  },
  { additionalProperties: false },
);
export type CredentialRecordSummary = Static<typeof CredentialRecordSummary>;

// ---- Issued credentials --------------------------------------------------------------------------

export const CredentialStatus = Type.Union([Type.Literal('issued'), Type.Literal('revoked')]);
export type CredentialStatus = Static<typeof CredentialStatus>;

export const CredentialSummary = Type.Object(
  {
    id: Id,
    /** Printed in the short URL, e.g. `K7M2Q9XA`. */
    publicId: Type.String(),
    typeCode: CredentialTypeCode,
    typeName: Bilingual,
    subject: Type.String(),
    subjectName: Type.String(),
    status: CredentialStatus,
    sha256: Type.String(),
    pageCount: Type.Integer(),
    issuedAt: DateTime,
    revokedAt: nullable(DateTime),
    revokeReason: nullable(Type.String()),
    jobId: nullable(Type.String()),
    retainUntil: Type.String({ format: 'date' }),
  },
  { additionalProperties: false },
);
export type CredentialSummary = Static<typeof CredentialSummary>;

/** The owner and archive staff also see the printed verification code. */
export const CredentialDetail = Type.Composite(
  [CredentialSummary, Type.Object({ code: Type.String(), verifyUrl: Type.String() })],
  { additionalProperties: false },
);
export type CredentialDetail = Static<typeof CredentialDetail>;

export const PortalCredentialType = Type.Object(
  {
    code: CredentialTypeCode,
    name: Bilingual,
    requiresApproval: Type.Boolean(),
    /** The academic/HR systems sent data for the signed-in person. */
    available: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PortalCredentialType = Static<typeof PortalCredentialType>;

export const PortalRequestBody = Type.Object(
  { typeCode: CredentialTypeCode, purpose: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const PortalRequestResult = Type.Union([
  Type.Object(
    { status: Type.Literal('issued'), credential: CredentialDetail },
    { additionalProperties: false },
  ),
  Type.Object(
    { status: Type.Literal('pending-approval'), requestId: Type.String() },
    { additionalProperties: false },
  ),
]);
export type PortalRequestResult = Static<typeof PortalRequestResult>;

export const RevokeCredentialBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);

export const ArchiveQuery = Type.Object(
  {
    /** Matches subject (exact) or subject name (contains). */
    person: Type.Optional(Type.String({ maxLength: 100 })),
    /** The document number printed on it (its public id), as typed: case, dashes and spaces ignored. */
    number: Type.Optional(Type.String({ maxLength: 40 })),
    /** The verification code printed next to the QR code, as typed. */
    code: Type.Optional(Type.String({ maxLength: 40 })),
    typeCode: Type.Optional(CredentialTypeCode),
    status: Type.Optional(CredentialStatus),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    jobId: Type.Optional(Type.String()),
    page: Type.Optional(Type.Integer({ minimum: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ArchiveQuery = Static<typeof ArchiveQuery>;
export const ArchivePage = Type.Object(
  { items: Type.Array(CredentialSummary), total: Type.Integer() },
  { additionalProperties: false },
);
export type ArchivePage = Static<typeof ArchivePage>;

export const RetentionSetting = Type.Object(
  {
    typeCode: CredentialTypeCode,
    typeName: Bilingual,
    retentionYears: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type RetentionSetting = Static<typeof RetentionSetting>;

// ---- Batch issuing -------------------------------------------------------------------------------

export const CredentialJobStatus = Type.Union([
  Type.Literal('running'),
  Type.Literal('paused'),
  Type.Literal('completed'),
]);
export type CredentialJobStatus = Static<typeof CredentialJobStatus>;

export const CreateCredentialJobBody = Type.Object(
  {
    typeCode: CredentialTypeCode,
    /** Everyone with a record of this type in the cohort … */
    cohort: Type.Optional(Type.String({ maxLength: 32 })),
    /** … or exactly these subjects. */
    subjects: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50_000 })),
    /**
     * Issue again to people who already hold a current (not revoked) credential of this type; without
     * it such a selection is refused with ERR_JOB_ALREADY_ISSUED (ask first: /api/credential-jobs/check).
     */
    reissue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateCredentialJobBody = Static<typeof CreateCredentialJobBody>;

/** POST /api/credential-jobs/check: how many people a job would issue to, and how many already hold one. */
export const CredentialJobCheck = Type.Object(
  { people: Type.Integer(), alreadyIssued: Type.Integer() },
  { additionalProperties: false },
);
export type CredentialJobCheck = Static<typeof CredentialJobCheck>;

export const CredentialJob = Type.Object(
  {
    id: Id,
    typeCode: CredentialTypeCode,
    typeName: Bilingual,
    cohort: nullable(Type.String()),
    status: CredentialJobStatus,
    total: Type.Integer(),
    done: Type.Integer(),
    failed: Type.Integer(),
    createdBy: Type.String(),
    createdAt: DateTime,
    finishedAt: nullable(DateTime),
    /** Documents per second over the run so far. */
    rate: nullable(Type.Number()),
  },
  { additionalProperties: false },
);
export type CredentialJob = Static<typeof CredentialJob>;

export const CredentialJobError = Type.Object(
  { subject: Type.String(), subjectName: Type.String(), code: Type.String(), message: Type.String() },
  { additionalProperties: false },
);
export const CredentialJobDetail = Type.Composite(
  [CredentialJob, Type.Object({ errors: Type.Array(CredentialJobError) })],
  { additionalProperties: false },
);
export type CredentialJobDetail = Static<typeof CredentialJobDetail>;

// ---- Public view behind the QR code --------------------------------------------------------------

/**
 * GET /api/public/credentials/:publicId?code=… — rate-limited; the code printed on the document is
 * required, so ids cannot be enumerated. What the archive holds for it, in plain words.
 */
export const PublicCredentialView = Type.Object(
  {
    publicId: Type.String(),
    status: CredentialStatus,
    typeName: Bilingual,
    subjectName: Type.String(),
    institution: Type.String(),
    sealNames: Type.Array(Type.String()),
    issuedAt: DateTime,
    revokedAt: nullable(DateTime),
    revokeReason: nullable(Type.String()),
    pageCount: Type.Integer(),
    sha256: Type.String(),
    /** The archived original, verified now. */
    verification: VerificationResult,
  },
  { additionalProperties: false },
);
export type PublicCredentialView = Static<typeof PublicCredentialView>;

export const publicCredentialRoute = {
  summary: 'What the archive holds behind a QR code / short URL (public; needs the printed code)',
  tags: ['verification'],
  params: Type.Object({ publicId: Type.String({ maxLength: 16 }) }),
  querystring: Type.Object({ code: Type.String({ maxLength: 32 }) }),
  response: { 200: PublicCredentialView, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
} as const;

// ---- Seal options for the template editor ----------------------------------------------------------

/**
 * GET /api/credential-templates/seals — the seals a template may name: active electronic seals
 * (not physical, with a certificate) school-wide, since a type of 教务处 is sealed with the school's
 * 公章. Only what the picker shows; the server checks the chosen seal again on save.
 */
export const TemplateSealOption = Type.Object(
  { id: Type.String(), name: Type.String(), type: SealType, ownerUnitId: Type.String() },
  { additionalProperties: false },
);
export type TemplateSealOption = Static<typeof TemplateSealOption>;

// ---- Route parameters and request bodies ---------------------------------------------------------

export const CredentialIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type CredentialIdParams = Static<typeof CredentialIdParams>;
export const CredentialTypeCodeQuery = Type.Object(
  { typeCode: CredentialTypeCode },
  { additionalProperties: false },
);
export type CredentialTypeCodeQuery = Static<typeof CredentialTypeCodeQuery>;
export const CredentialTypeCodeParams = Type.Object({ typeCode: CredentialTypeCode });
export type CredentialTypeCodeParams = Static<typeof CredentialTypeCodeParams>;
export const CredentialCodeParams = Type.Object({ code: CredentialTypeCode });
export type CredentialCodeParams = Static<typeof CredentialCodeParams>;

const RecordId = Type.String({ minLength: 1, maxLength: 128 });
export const PushRecordParams = Type.Object({ typeCode: CredentialTypeCode, recordId: RecordId });
export type PushRecordParams = Static<typeof PushRecordParams>;
/** POST /api/integration/records/:typeCode — up to 1,000 records, stored all or none. */
export const PushRecordsBody = Type.Object(
  {
    records: Type.Array(
      Type.Composite([CredentialRecordInput, Type.Object({ recordId: RecordId })], {
        additionalProperties: false,
      }),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type PushRecordsBody = Static<typeof PushRecordsBody>;
export const PushRecordsResult = Type.Object(
  { results: Type.Array(PushRecordResult), problems: Type.Array(RecordProblem) },
  { additionalProperties: false },
);
export type PushRecordsResult = Static<typeof PushRecordsResult>;
export const TemplatePreviewBody = Type.Object(
  { record: Type.Optional(Type.Object({}, { additionalProperties: true })) },
  { additionalProperties: false },
);
export type TemplatePreviewBody = Static<typeof TemplatePreviewBody>;
export const ImportRecordsQuery = Type.Object(
  { typeCode: CredentialTypeCode, dryRun: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type ImportRecordsQuery = Static<typeof ImportRecordsQuery>;
/** GET /api/credential-records/import-template: an XLSX with the type's column labels and an example row. */
export const ImportTemplateQuery = Type.Object(
  { typeCode: CredentialTypeCode, lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])) },
  { additionalProperties: false },
);
export type ImportTemplateQuery = Static<typeof ImportTemplateQuery>;
export const CredentialRecordsQuery = Type.Object(
  {
    typeCode: CredentialTypeCode,
    cohort: Type.Optional(Type.String({ maxLength: 32 })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    page: Type.Optional(Type.Integer({ minimum: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type CredentialRecordsQuery = Static<typeof CredentialRecordsQuery>;
export const RetentionBody = Type.Object(
  { retentionYears: Type.Integer({ minimum: 1, maximum: 100 }) },
  { additionalProperties: false },
);
export type RetentionBody = Static<typeof RetentionBody>;

// Route schemas (request and answers) of the credential domain: templates, data sources and records,
// the portal and the archive, batch jobs. The route table (routes/credentials.ts) names their paths.
import { Type } from '@sinclair/typebox';
import {
  ArchivePage,
  ArchiveQuery,
  CreateCredentialJobBody,
  CreateDataSourceBody,
  CreatedDataSource,
  CredentialCodeParams,
  CredentialDetail,
  CredentialIdParams,
  CredentialJob,
  CredentialJobCheck,
  CredentialJobDetail,
  CredentialRecordInput,
  CredentialRecordSummary,
  CredentialRecordsQuery,
  CredentialTemplateDetail,
  CredentialTemplateInput,
  CredentialTemplateSummary,
  CredentialTypeCode,
  CredentialTypeCodeParams,
  CredentialTypeCodeQuery,
  DataSource,
  ImportRecordsQuery,
  ImportReport,
  ImportTemplateQuery,
  PortalCredentialType,
  PortalRequestBody,
  PortalRequestResult,
  PushRecordParams,
  PushRecordResult,
  PushRecordsBody,
  PushRecordsResult,
  publicCredentialRoute,
  RetentionBody,
  RetentionSetting,
  RevokeCredentialBody,
  TemplatePreviewBody,
  TemplateSealOption,
} from './credentials.ts';
import { denied, ErrorBody } from './error-body.ts';

const tags = ['credentials'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest CSV or XLSX file a records import takes. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** A batch push's body at most (the schema allows 1,000 records): room for ≈ 16 KB a record. */
export const PUSH_BATCH_BODY_LIMIT = 16 * 1024 * 1024;

// ---- templates --------------------------------------------------------------------------------------

export const listCredentialTemplatesRoute = {
  summary: 'Credential templates in my scope',
  tags,
  response: { 200: Type.Array(CredentialTemplateSummary), ...denied },
};
export const listTemplateSealsRoute = {
  summary: 'Seals a template may name (active electronic seals, school-wide)',
  tags,
  response: { 200: Type.Array(TemplateSealOption), ...denied },
};
export const getCredentialTemplateRoute = {
  summary: 'One template with its pdfme layout and record schema',
  tags,
  params: CredentialIdParams,
  response: { 200: CredentialTemplateDetail, ...denied },
};
export const createCredentialTemplateRoute = {
  summary: 'Create a credential template (validated by compiling it)',
  tags,
  body: CredentialTemplateInput,
  response: { 201: CredentialTemplateDetail, 400: ErrorBody, ...denied, 409: ErrorBody },
};
export const updateCredentialTemplateRoute = {
  summary: 'Change a template (its version goes up by one)',
  tags,
  params: CredentialIdParams,
  body: CredentialTemplateInput,
  response: {
    200: CredentialTemplateDetail,
    400: ErrorBody,
    ...denied,
    409: ErrorBody,
  },
};
export const previewCredentialTemplateRoute = {
  summary: 'An unsigned specimen of the template with a record (code SPECIMEN)',
  tags,
  params: CredentialIdParams,
  body: TemplatePreviewBody,
  produces: ['application/pdf'],
  response: { 400: ErrorBody, ...denied },
};

// ---- data sources and the push API --------------------------------------------------------------------

export const listDataSourcesRoute = {
  summary: 'Connected academic/HR systems',
  tags,
  response: { 200: Type.Array(DataSource), ...denied },
};
export const createDataSourceRoute = {
  summary: 'Connect a system: its API key is shown once',
  tags,
  body: CreateDataSourceBody,
  response: { 201: CreatedDataSource, 400: ErrorBody, ...denied },
};
export const revokeDataSourceRoute = {
  summary: "Revoke a system's API key",
  tags,
  params: CredentialIdParams,
  response: { 200: DataSource, ...denied },
};
export const pushRecordRoute = {
  summary: "Push one person's record (API key; idempotent by record id)",
  tags,
  params: PushRecordParams,
  body: CredentialRecordInput,
  response: { 200: PushRecordResult, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 429: ErrorBody },
};
export const pushRecordsRoute = {
  summary: 'Push up to 1,000 records at once, 16 MB at most (API key; all or nothing)',
  tags,
  params: Type.Object({ typeCode: CredentialTypeCode }),
  body: PushRecordsBody,
  response: {
    200: PushRecordsResult,
    400: Type.Union([PushRecordsResult, ErrorBody]),
    401: ErrorBody,
    404: ErrorBody,
    429: ErrorBody,
  },
};

// ---- records ------------------------------------------------------------------------------------------

export const importRecordsRoute = {
  summary: 'Import records from CSV or XLSX (every problem listed; nothing imported when any)',
  tags,
  querystring: ImportRecordsQuery,
  response: {
    200: ImportReport,
    400: ErrorBody,
    ...denied,
    413: ErrorBody,
    415: ErrorBody,
  },
};
export const importTemplateRoute = {
  summary: "An XLSX to fill in for import: the type's column labels (zh or en) and an example row",
  tags,
  querystring: ImportTemplateQuery,
  produces: [XLSX_MEDIA_TYPE],
  response: { ...denied },
};
export const listCredentialRecordsRoute = {
  summary: 'Records of a credential type, by cohort or person',
  tags,
  querystring: CredentialRecordsQuery,
  response: {
    200: Type.Object(
      { items: Type.Array(CredentialRecordSummary), total: Type.Integer() },
      { additionalProperties: false },
    ),
    ...denied,
  },
};
export const listCredentialTypesRoute = {
  summary: 'Credential types I may issue in batches',
  tags,
  response: { 200: Type.Array(CredentialTemplateSummary), ...denied },
};
export const listRecordCohortsRoute = {
  summary: 'Cohorts of a credential type with their record counts',
  tags,
  querystring: CredentialTypeCodeQuery,
  response: {
    200: Type.Array(
      Type.Object({ cohort: Type.String(), count: Type.Integer() }, { additionalProperties: false }),
    ),
    ...denied,
  },
};

// ---- portal (students and staff) ----------------------------------------------------------------------

export const listPortalTypesRoute = {
  summary: 'Credential types I can ask for',
  tags,
  response: { 200: Type.Array(PortalCredentialType) },
};
export const portalPreviewRoute = {
  summary: 'An unsigned specimen of my credential (code SPECIMEN)',
  tags,
  params: CredentialCodeParams,
  produces: ['application/pdf'],
};
export const requestCredentialRoute = {
  summary: 'Ask for my credential: issued now, or sent for approval',
  tags,
  body: PortalRequestBody,
  response: { 200: PortalRequestResult, ...errors },
};
export const listMyCredentialsRoute = {
  summary: 'My credentials',
  tags,
  response: { 200: Type.Array(CredentialDetail) },
};
export const myCredentialPdfRoute = {
  summary: 'My credential, the sealed PDF',
  tags,
  params: CredentialIdParams,
  produces: ['application/pdf'],
};

// ---- archive (file admins, auditors, registrars) ------------------------------------------------------

export const searchArchiveRoute = {
  summary: 'Search issued credentials in my org scope',
  tags,
  querystring: ArchiveQuery,
  response: { 200: ArchivePage, 400: ErrorBody },
};
export const getArchivedCredentialRoute = {
  summary: 'One archived credential',
  tags,
  params: CredentialIdParams,
  response: { 200: CredentialDetail, 404: ErrorBody },
};
export const archivedCredentialPdfRoute = {
  summary: 'The archived sealed PDF',
  tags,
  params: CredentialIdParams,
  produces: ['application/pdf'],
};
export const revokeCredentialRoute = {
  summary: 'Revoke a credential (the file stays archived; verification then says revoked)',
  tags,
  params: CredentialIdParams,
  body: RevokeCredentialBody,
  response: { 200: CredentialDetail, ...errors },
};
export const listRetentionRoute = {
  summary: 'Retention period per credential type',
  tags,
  response: { 200: Type.Array(RetentionSetting) },
};
export const setRetentionRoute = {
  summary: 'Set how long credentials of a type are kept (applies to those issued from now on)',
  tags,
  params: CredentialTypeCodeParams,
  body: RetentionBody,
  response: { 200: RetentionSetting, ...errors },
};
export const publicCredentialPdfRoute = {
  summary: 'The archived original PDF behind a QR code (public; needs the printed code)',
  tags: ['verification'],
  params: publicCredentialRoute.params,
  querystring: publicCredentialRoute.querystring,
  produces: ['application/pdf'],
  response: { 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
};

// ---- batch jobs ---------------------------------------------------------------------------------------

export const createCredentialJobRoute = {
  tags,
  summary: 'Issue a credential type to a cohort or a list of people, as one resumable batch job',
  body: CreateCredentialJobBody,
  response: { 201: CredentialJob, 400: ErrorBody, 409: ErrorBody, ...denied },
};
export const checkCredentialJobRoute = {
  tags,
  summary: 'How many people a job would issue to, and how many of them already hold a current one',
  body: CreateCredentialJobBody,
  response: { 200: CredentialJobCheck, 400: ErrorBody, ...denied },
};
export const listCredentialJobsRoute = {
  tags,
  summary: 'Batch jobs in my scope, newest first',
  response: { 200: Type.Array(CredentialJob), ...denied },
};
export const getCredentialJobRoute = {
  tags,
  summary: 'One batch job: progress, rate and per-person errors',
  params: CredentialIdParams,
  response: { 200: CredentialJobDetail, ...denied },
};
export const changeCredentialJobRoute = {
  tags,
  summary: 'Pause or resume a batch job',
  params: CredentialIdParams,
  response: { 200: CredentialJob, 409: ErrorBody, ...denied },
};
export const credentialJobZipRoute = {
  tags,
  summary: "The job's issued PDFs, and errors.csv when any item failed (application/zip, streamed)",
  params: CredentialIdParams,
  produces: ['application/zip'],
};

import {
  archivedCredentialPdfRoute,
  changeCredentialJobRoute,
  checkCredentialJobRoute,
  createCredentialJobRoute,
  createCredentialTemplateRoute,
  createDataSourceRoute,
  credentialJobZipRoute,
  getArchivedCredentialRoute,
  getCredentialJobRoute,
  getCredentialTemplateRoute,
  importRecordsRoute,
  importTemplateRoute,
  listCredentialJobsRoute,
  listCredentialRecordsRoute,
  listCredentialTemplatesRoute,
  listCredentialTypesRoute,
  listDataSourcesRoute,
  listMyCredentialsRoute,
  listPortalTypesRoute,
  listRecordCohortsRoute,
  listRetentionRoute,
  listTemplateSealsRoute,
  MAX_IMPORT_BYTES,
  myCredentialPdfRoute,
  PUSH_BATCH_BODY_LIMIT,
  portalPreviewRoute,
  previewCredentialTemplateRoute,
  publicCredentialPdfRoute,
  pushRecordRoute,
  pushRecordsRoute,
  requestCredentialRoute,
  revokeCredentialRoute,
  revokeDataSourceRoute,
  searchArchiveRoute,
  setRetentionRoute,
  updateCredentialTemplateRoute,
  XLSX_MEDIA_TYPE,
} from '../credential-routes.ts';
import { publicCredentialRoute } from '../credentials.ts';
import type { RouteSpec } from './route-spec.ts';

const PDF = { contentTypes: ['application/pdf'] } as const;

/** Templates, data sources and records: what credentials are made of. */
export const credentialDataApi = {
  listCredentialTemplates: {
    method: 'GET',
    path: '/api/credential-templates',
    schema: listCredentialTemplatesRoute,
    access: { permission: 'templates.manage' },
  },
  // School-wide on purpose: a type of 教务处 is sealed with the school's 公章; the save checks again.
  listTemplateSeals: {
    method: 'GET',
    path: '/api/credential-templates/seals',
    schema: listTemplateSealsRoute,
    access: { permission: 'templates.manage' },
  },
  getCredentialTemplate: {
    method: 'GET',
    path: '/api/credential-templates/:id',
    schema: getCredentialTemplateRoute,
    access: { permission: 'templates.manage', scope: 'params.id:template' },
  },
  createCredentialTemplate: {
    method: 'POST',
    path: '/api/credential-templates',
    schema: createCredentialTemplateRoute,
    access: { permission: 'templates.manage', scope: 'body.ownerUnitId' },
  },
  // The scope is the unit the template belongs to now; moving it needs the new unit too (handler).
  updateCredentialTemplate: {
    method: 'PUT',
    path: '/api/credential-templates/:id',
    schema: updateCredentialTemplateRoute,
    access: { permission: 'templates.manage', scope: 'params.id:template' },
  },
  previewCredentialTemplate: {
    method: 'POST',
    path: '/api/credential-templates/:id/preview',
    schema: previewCredentialTemplateRoute,
    access: { permission: 'templates.manage', scope: 'params.id:template' },
    download: PDF,
  },
  // Sources are school-wide (a source may push any type), so any template admin grant suffices.
  listDataSources: {
    method: 'GET',
    path: '/api/data-sources',
    schema: listDataSourcesRoute,
    access: { permission: 'templates.manage' },
  },
  createDataSource: {
    method: 'POST',
    path: '/api/data-sources',
    schema: createDataSourceRoute,
    access: { permission: 'templates.manage' },
  },
  revokeDataSource: {
    method: 'POST',
    path: '/api/data-sources/:id/revoke',
    schema: revokeDataSourceRoute,
    access: { permission: 'templates.manage' },
  },
  // Public in the session's terms: the caller is a system holding an API key (checked before the body).
  pushRecord: {
    method: 'PUT',
    path: '/api/integration/records/:typeCode/:recordId',
    schema: pushRecordRoute,
    access: { public: true },
  },
  pushRecords: {
    method: 'POST',
    path: '/api/integration/records/:typeCode',
    schema: pushRecordsRoute,
    access: { public: true },
    // 1,000 full transcripts are ≈ 4.5 MB of JSON: more than Fastify's default 1 MB.
    bodyLimit: PUSH_BATCH_BODY_LIMIT,
  },
  importRecords: {
    method: 'POST',
    path: '/api/credential-records/import',
    schema: importRecordsRoute,
    access: { permission: 'credentials.issue', scope: 'query.typeCode:credentialType' },
    upload: {
      contentTypes: ['text/csv', XLSX_MEDIA_TYPE],
      maxBytes: MAX_IMPORT_BYTES,
      wrongType: 'ERR_IMPORT_MEDIA_TYPE',
    },
  },
  importTemplate: {
    method: 'GET',
    path: '/api/credential-records/import-template',
    schema: importTemplateRoute,
    access: { permission: 'credentials.issue', scope: 'query.typeCode:credentialType' },
    download: { contentTypes: [XLSX_MEDIA_TYPE] },
  },
  listCredentialRecords: {
    method: 'GET',
    path: '/api/credential-records',
    schema: listCredentialRecordsRoute,
    access: { permission: 'credentials.issue', scope: 'query.typeCode:credentialType' },
  },
  listCredentialTypes: {
    method: 'GET',
    path: '/api/credential-types',
    schema: listCredentialTypesRoute,
    access: { permission: 'credentials.issue' },
  },
  listRecordCohorts: {
    method: 'GET',
    path: '/api/credential-records/cohorts',
    schema: listRecordCohortsRoute,
    access: { permission: 'credentials.issue', scope: 'query.typeCode:credentialType' },
  },
} as const satisfies Record<string, RouteSpec>;

/** The portal, the archive (search, download, revocation, retention) and the public QR view. */
export const credentialIssueApi = {
  listPortalTypes: {
    method: 'GET',
    path: '/api/portal/credential-types',
    schema: listPortalTypesRoute,
    access: { permission: 'credentials.request' },
  },
  portalPreview: {
    method: 'GET',
    path: '/api/portal/credential-types/:code/preview',
    schema: portalPreviewRoute,
    access: { permission: 'credentials.request' },
    download: PDF,
  },
  requestCredential: {
    method: 'POST',
    path: '/api/portal/credentials',
    schema: requestCredentialRoute,
    access: { permission: 'credentials.request' },
  },
  listMyCredentials: {
    method: 'GET',
    path: '/api/portal/credentials',
    schema: listMyCredentialsRoute,
    access: { permission: 'credentials.request' },
  },
  myCredentialPdf: {
    method: 'GET',
    path: '/api/portal/credentials/:id/pdf',
    schema: myCredentialPdfRoute,
    access: { permission: 'credentials.request' },
    download: PDF,
  },
  // Scoped by filter: only credentials of units under the caller's documents.read grants.
  searchArchive: {
    method: 'GET',
    path: '/api/archive/credentials',
    schema: searchArchiveRoute,
    access: { permission: 'documents.read' },
  },
  getArchivedCredential: {
    method: 'GET',
    path: '/api/archive/credentials/:id',
    schema: getArchivedCredentialRoute,
    access: { permission: 'documents.read', scope: 'params.id:credential' },
  },
  archivedCredentialPdf: {
    method: 'GET',
    path: '/api/archive/credentials/:id/pdf',
    schema: archivedCredentialPdfRoute,
    access: { permission: 'documents.read', scope: 'params.id:credential' },
    download: PDF,
  },
  revokeCredential: {
    method: 'POST',
    path: '/api/archive/credentials/:id/revoke',
    schema: revokeCredentialRoute,
    access: { permission: 'credentials.revoke', scope: 'params.id:credential' },
  },
  listRetention: {
    method: 'GET',
    path: '/api/archive/retention',
    schema: listRetentionRoute,
    access: { permission: 'documents.read' },
  },
  setRetention: {
    method: 'PUT',
    path: '/api/archive/retention/:typeCode',
    schema: setRetentionRoute,
    access: { permission: 'archive.manage', scope: 'params.typeCode:credentialType' },
  },
  // Behind the QR code: public, rate-limited per client address, needs the printed code.
  publicCredential: {
    method: 'GET',
    path: '/api/public/credentials/:publicId',
    schema: publicCredentialRoute,
    access: { public: true },
  },
  publicCredentialPdf: {
    method: 'GET',
    path: '/api/public/credentials/:publicId/pdf',
    schema: publicCredentialPdfRoute,
    access: { public: true },
    download: PDF,
  },
} as const satisfies Record<string, RouteSpec>;

/** Batch issuing jobs, scoped to the unit owning the credential type. */
export const credentialJobsApi = {
  createCredentialJob: {
    method: 'POST',
    path: '/api/credential-jobs',
    schema: createCredentialJobRoute,
    access: { permission: 'credentials.issue', scope: 'body.typeCode:credentialType' },
  },
  checkCredentialJob: {
    method: 'POST',
    path: '/api/credential-jobs/check',
    schema: checkCredentialJobRoute,
    access: { permission: 'credentials.issue', scope: 'body.typeCode:credentialType' },
  },
  // The jobs of every unit under the caller's credentials.issue grants (filtered by the handler).
  listCredentialJobs: {
    method: 'GET',
    path: '/api/credential-jobs',
    schema: listCredentialJobsRoute,
    access: { permission: 'credentials.issue' },
  },
  getCredentialJob: {
    method: 'GET',
    path: '/api/credential-jobs/:id',
    schema: getCredentialJobRoute,
    access: { permission: 'credentials.issue', scope: 'params.id:job' },
  },
  pauseCredentialJob: {
    method: 'POST',
    path: '/api/credential-jobs/:id/pause',
    schema: changeCredentialJobRoute,
    access: { permission: 'credentials.issue', scope: 'params.id:job' },
  },
  resumeCredentialJob: {
    method: 'POST',
    path: '/api/credential-jobs/:id/resume',
    schema: changeCredentialJobRoute,
    access: { permission: 'credentials.issue', scope: 'params.id:job' },
  },
  credentialJobZip: {
    method: 'GET',
    path: '/api/credential-jobs/:id/zip',
    schema: credentialJobZipRoute,
    access: { permission: 'credentials.issue', scope: 'params.id:job' },
    download: { contentTypes: ['application/zip'] },
  },
} as const satisfies Record<string, RouteSpec>;

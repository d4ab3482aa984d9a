import { MAX_SEAL_PDF_BYTES } from '../seals.ts';
import {
  addServiceBatchFileRoute,
  changeServiceAccountRoute,
  createServiceAccountRoute,
  createServiceBatchRoute,
  getServiceBatchFileRoute,
  getServiceBatchRoute,
  getServiceBatchZipRoute,
  listServiceAccountsRoute,
  listServiceBatchFilesRoute,
  pendingServiceAccountsRoute,
  rotateServiceAccountKeyRoute,
  serviceIssueCredentialRoute,
  serviceLedgerRoute,
  serviceStampRoute,
  serviceVerifyRoute,
  startServiceBatchRoute,
} from '../service-api.ts';
import { MAX_VERIFY_BYTES } from '../verification.ts';
import type { RouteAccess, RouteSpec } from './route-spec.ts';

/** The seal office keeps the accounts of its units; a security admin decides on them (two people). */
const office: RouteAccess = { permission: 'seals.manage', scope: 'params.id:serviceAccount' };
const approver: RouteAccess = { permission: 'roles.grant', scope: 'params.id:serviceAccount' };
const pdfUpload = {
  contentTypes: ['application/pdf'],
  maxBytes: MAX_SEAL_PDF_BYTES,
  wrongType: 'ERR_SEAL_MEDIA_TYPE',
  tooLarge: 'ERR_SEAL_DOCUMENT_TOO_LARGE',
} as const;

/** Service accounts in the console. */
export const serviceAccountsApi = {
  listServiceAccounts: {
    method: 'GET',
    path: '/api/service-accounts',
    schema: listServiceAccountsRoute,
    access: { permission: 'seals.manage', scope: 'query.unitIdOrRoot' },
  },
  pendingServiceAccounts: {
    method: 'GET',
    path: '/api/service-accounts/pending',
    schema: pendingServiceAccountsRoute,
    access: { permission: 'roles.grant' },
  },
  createServiceAccount: {
    method: 'POST',
    path: '/api/service-accounts',
    schema: createServiceAccountRoute,
    access: { permission: 'seals.manage', scope: 'body.unitId' },
  },
  rotateServiceAccountKey: {
    method: 'POST',
    path: '/api/service-accounts/:id/rotate',
    schema: rotateServiceAccountKeyRoute,
    access: office,
  },
  suspendServiceAccount: {
    method: 'POST',
    path: '/api/service-accounts/:id/suspend',
    schema: changeServiceAccountRoute,
    access: office,
  },
  resumeServiceAccount: {
    method: 'POST',
    path: '/api/service-accounts/:id/resume',
    schema: changeServiceAccountRoute,
    access: office,
  },
  revokeServiceAccount: {
    method: 'POST',
    path: '/api/service-accounts/:id/revoke',
    schema: changeServiceAccountRoute,
    access: office,
  },
  approveServiceAccount: {
    method: 'POST',
    path: '/api/service-accounts/:id/approve',
    schema: changeServiceAccountRoute,
    access: approver,
  },
  rejectServiceAccount: {
    method: 'POST',
    path: '/api/service-accounts/:id/reject',
    schema: changeServiceAccountRoute,
    access: approver,
  },
} as const satisfies Record<string, RouteSpec>;

/** What a service key reaches (Authorization: Bearer osk_…), each route one operation of its scope. */
export const serviceApi = {
  serviceStamp: {
    method: 'POST',
    path: '/api/service/v1/seals/:id/stamp',
    schema: serviceStampRoute,
    access: { service: 'stamp' },
    upload: pdfUpload,
    download: { contentTypes: ['application/pdf'] },
  },
  createServiceBatch: {
    method: 'POST',
    path: '/api/service/v1/batches',
    schema: createServiceBatchRoute,
    access: { service: 'batch-stamp' },
  },
  addServiceBatchFile: {
    method: 'POST',
    path: '/api/service/v1/batches/:id/files',
    schema: addServiceBatchFileRoute,
    access: { service: 'batch-stamp' },
    upload: pdfUpload,
  },
  startServiceBatch: {
    method: 'POST',
    path: '/api/service/v1/batches/:id/start',
    schema: startServiceBatchRoute,
    access: { service: 'batch-stamp' },
  },
  getServiceBatch: {
    method: 'GET',
    path: '/api/service/v1/batches/:id',
    schema: getServiceBatchRoute,
    access: { service: 'batch-stamp' },
  },
  listServiceBatchFiles: {
    method: 'GET',
    path: '/api/service/v1/batches/:id/files',
    schema: listServiceBatchFilesRoute,
    access: { service: 'batch-stamp' },
  },
  getServiceBatchFile: {
    method: 'GET',
    path: '/api/service/v1/batches/:id/files/:seq',
    schema: getServiceBatchFileRoute,
    access: { service: 'batch-stamp' },
    download: { contentTypes: ['application/pdf'] },
  },
  getServiceBatchZip: {
    method: 'GET',
    path: '/api/service/v1/batches/:id/result',
    schema: getServiceBatchZipRoute,
    access: { service: 'batch-stamp' },
    download: { contentTypes: ['application/zip'] },
  },
  serviceIssueCredential: {
    method: 'POST',
    path: '/api/service/v1/credentials',
    schema: serviceIssueCredentialRoute,
    access: { service: 'issue-credential' },
  },
  serviceVerify: {
    method: 'POST',
    path: '/api/service/v1/verify',
    schema: serviceVerifyRoute,
    access: { service: 'verify' },
    upload: {
      contentTypes: ['application/pdf'],
      maxBytes: MAX_VERIFY_BYTES,
      wrongType: 'ERR_VERIFY_MEDIA_TYPE',
    },
  },
  serviceLedger: {
    method: 'GET',
    path: '/api/service/v1/ledger',
    schema: serviceLedgerRoute,
    access: { service: 'read-ledger' },
  },
} as const satisfies Record<string, RouteSpec>;

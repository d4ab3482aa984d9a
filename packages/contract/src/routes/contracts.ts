import {
  agreeVoidRoute,
  completeSignatureRoute,
  contractEvidenceRoute,
  contractFileRoute,
  createContractRoute,
  declineContractRoute,
  eventSignatureRoute,
  getContractRoute,
  getSealJobRoute,
  listContractsRoute,
  listSealJobsRoute,
  prepareSignatureRoute,
  realNameCheckRoute,
  sealContractRoute,
  signerCertificateRoute,
  startSealJobRoute,
  voidContractRoute,
} from '../contracts.ts';
import type { RouteSpec } from './route-spec.ts';

/**
 * Contracts. Starting one takes documents.create; everything else is open to any signed-in user and
 * decided per contract: only its initiator and parties see it, and each acts only for itself.
 */
export const contractsApi = {
  createContract: {
    method: 'POST',
    path: '/api/contracts',
    schema: createContractRoute,
    access: { permission: 'documents.create' },
  },
  startSealJob: {
    method: 'POST',
    path: '/api/contracts/seal-jobs',
    schema: startSealJobRoute,
    access: { session: true },
  },
  listSealJobs: {
    method: 'GET',
    path: '/api/contracts/seal-jobs',
    schema: listSealJobsRoute,
    access: { session: true },
  },
  getSealJob: {
    method: 'GET',
    path: '/api/contracts/seal-jobs/:id',
    schema: getSealJobRoute,
    access: { session: true },
  },
  listContracts: {
    method: 'GET',
    path: '/api/contracts',
    schema: listContractsRoute,
    access: { session: true },
  },
  getContract: {
    method: 'GET',
    path: '/api/contracts/:id',
    schema: getContractRoute,
    access: { session: true },
  },
  getContractFile: {
    method: 'GET',
    path: '/api/contracts/:id/file',
    schema: contractFileRoute,
    access: { session: true },
    download: { contentTypes: ['application/pdf'] },
  },
  getContractEvidence: {
    method: 'GET',
    path: '/api/contracts/:id/evidence',
    schema: contractEvidenceRoute,
    access: { session: true },
    download: { contentTypes: ['application/pdf'] },
  },
  checkRealName: {
    method: 'POST',
    path: '/api/contracts/:id/identity',
    schema: realNameCheckRoute,
    access: { session: true },
    // The face step carries a camera frame (≤ 5 MB, base64).
    bodyLimit: 9 * 1024 * 1024,
  },
  certifySignerKey: {
    method: 'POST',
    path: '/api/contracts/:id/signer-certificate',
    schema: signerCertificateRoute,
    access: { session: true },
  },
  prepareContractSignature: {
    method: 'POST',
    path: '/api/contracts/:id/signature/prepare',
    schema: prepareSignatureRoute,
    access: { session: true },
    bodyLimit: 1024 * 1024,
  },
  completeContractSignature: {
    method: 'POST',
    path: '/api/contracts/:id/signature/complete',
    schema: completeSignatureRoute,
    access: { session: true },
  },
  signWithEventCertificate: {
    method: 'POST',
    path: '/api/contracts/:id/signature/event',
    schema: eventSignatureRoute,
    access: { session: true },
    bodyLimit: 1024 * 1024,
  },
  sealContract: {
    method: 'POST',
    path: '/api/contracts/:id/seal',
    schema: sealContractRoute,
    access: { session: true },
  },
  declineContract: {
    method: 'POST',
    path: '/api/contracts/:id/decline',
    schema: declineContractRoute,
    access: { session: true },
  },
  agreeVoidContract: {
    method: 'POST',
    path: '/api/contracts/:id/void/agree',
    schema: agreeVoidRoute,
    access: { session: true },
  },
  voidContract: {
    method: 'POST',
    path: '/api/contracts/:id/void',
    schema: voidContractRoute,
    access: { session: true },
  },
} as const satisfies Record<string, RouteSpec>;

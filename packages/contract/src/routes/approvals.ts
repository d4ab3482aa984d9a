import {
  actOnRequestRoute,
  createDelegationRoute,
  custodyRoute,
  endDelegationRoute,
  getRequestRoute,
  listDelegationsRoute,
  listFlowsRoute,
  listNotificationsRoute,
  listRequestsRoute,
  MAX_REQUEST_FILE_BYTES,
  putFlowRoute,
  readNotificationsRoute,
  requestDiffRoute,
  requestFileRoute,
  resubmitRequestRoute,
  sealedFileRoute,
  stampRequestRoute,
  submitSealRequestRoute,
  submitUseRequestRoute,
} from '../requests.ts';
import type { RouteSpec } from './route-spec.ts';

/**
 * Seal requests (用印申请, making and changing seals) and their approval, flows, delegations and
 * notifications. Who may read or act on a request is decided by the request itself (its filer, its
 * approvers), so most routes need only a session.
 */
export const approvalsApi = {
  submitUseRequest: {
    method: 'POST',
    path: '/api/requests/use',
    schema: submitUseRequestRoute,
    access: { permission: 'documents.create' },
  },
  submitSealRequest: {
    method: 'POST',
    path: '/api/requests/seal',
    schema: submitSealRequestRoute,
    access: { permission: 'seals.manage', scope: 'body:sealRequest' },
  },
  listRequests: {
    method: 'GET',
    path: '/api/requests',
    schema: listRequestsRoute,
    access: { session: true },
  },
  getRequest: {
    method: 'GET',
    path: '/api/requests/:id',
    schema: getRequestRoute,
    access: { session: true },
  },
  actOnRequest: {
    method: 'POST',
    path: '/api/requests/:id/act',
    schema: actOnRequestRoute,
    access: { session: true },
  },
  resubmitRequest: {
    method: 'POST',
    path: '/api/requests/:id/resubmit',
    schema: resubmitRequestRoute,
    access: { session: true },
  },
  stampRequest: {
    method: 'POST',
    path: '/api/requests/:id/stamp',
    schema: stampRequestRoute,
    access: { permission: 'documents.create' },
    // The caller's copy of the approved file, or no body: the stored approved file.
    upload: {
      contentTypes: ['application/pdf'],
      maxBytes: MAX_REQUEST_FILE_BYTES,
      wrongType: 'ERR_STAMP_MEDIA_TYPE',
      optional: true,
    },
    download: { contentTypes: ['application/pdf'] },
  },
  requestFile: {
    method: 'GET',
    path: '/api/requests/:id/files/:fileId',
    schema: requestFileRoute,
    access: { session: true },
    download: { contentTypes: ['application/pdf'] },
  },
  sealedFile: {
    method: 'GET',
    path: '/api/requests/:id/sealed/:ledgerId',
    schema: sealedFileRoute,
    access: { session: true },
    download: { contentTypes: ['application/pdf'] },
  },
  // The custodian's side of a physical-seal request: the seal admins of the seal's unit.
  checkOutSeal: {
    method: 'POST',
    path: '/api/requests/:id/checkout',
    schema: custodyRoute,
    access: { permission: 'seals.manage', scope: 'params.id:request' },
  },
  returnSeal: {
    method: 'POST',
    path: '/api/requests/:id/return',
    schema: custodyRoute,
    access: { permission: 'seals.manage', scope: 'params.id:request' },
  },
  requestDiff: {
    method: 'GET',
    path: '/api/requests/:id/diff',
    schema: requestDiffRoute,
    access: { session: true },
  },
  listFlows: {
    method: 'GET',
    path: '/api/flows',
    schema: listFlowsRoute,
    access: { permission: 'flows.manage', scope: 'root' },
  },
  putFlow: {
    method: 'PUT',
    path: '/api/flows/:type',
    schema: putFlowRoute,
    access: { permission: 'flows.manage', scope: 'root' },
  },
  listDelegations: {
    method: 'GET',
    path: '/api/delegations',
    schema: listDelegationsRoute,
    access: { session: true },
  },
  createDelegation: {
    method: 'POST',
    path: '/api/delegations',
    schema: createDelegationRoute,
    access: { session: true },
  },
  endDelegation: {
    method: 'DELETE',
    path: '/api/delegations/:id',
    schema: endDelegationRoute,
    access: { session: true },
  },
  listNotifications: {
    method: 'GET',
    path: '/api/notifications',
    schema: listNotificationsRoute,
    access: { session: true },
  },
  readNotifications: {
    method: 'POST',
    path: '/api/notifications/read',
    schema: readNotificationsRoute,
    access: { session: true },
  },
} as const satisfies Record<string, RouteSpec>;

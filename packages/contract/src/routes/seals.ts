import {
  getSealRoute,
  listGranteesRoute,
  listSealGrantsRoute,
  listSealsRoute,
  MAX_SEAL_PDF_BYTES,
  requestableSealsRoute,
  sealImageRoute,
  sealTrajectoryRoute,
  usableSealsRoute,
  useSealRoute,
  withdrawSealGrantRoute,
} from '../seals.ts';
import type { RouteSpec } from './route-spec.ts';

/** Seals, their grants and their use. */
export const sealsApi = {
  listSeals: {
    method: 'GET',
    path: '/api/seals',
    schema: listSealsRoute,
    access: { permission: 'seals.read', scope: 'query.unitId' },
  },
  usableSeals: {
    method: 'GET',
    path: '/api/seals/usable',
    schema: usableSealsRoute,
    access: { permission: 'seals.use' },
  },
  requestableSeals: {
    method: 'GET',
    path: '/api/seals/requestable',
    schema: requestableSealsRoute,
    access: { permission: 'documents.create' },
  },
  getSeal: {
    method: 'GET',
    path: '/api/seals/:id',
    schema: getSealRoute,
    access: { permission: 'seals.read', scope: 'params.id:seal' },
  },
  // No org scope: a seal's picture is printed on every document it stamps, and a creator granted a
  // seal of another unit must see what they are about to stamp.
  sealImage: {
    method: 'GET',
    path: '/api/seals/:id/image',
    schema: sealImageRoute,
    access: { permission: 'seals.read' },
    download: { contentTypes: ['image/png', 'image/svg+xml'] },
  },
  listGrantees: {
    method: 'GET',
    path: '/api/seals/grantees',
    schema: listGranteesRoute,
    access: { permission: 'seals.manage', scope: 'query.unitId' },
  },
  listSealGrants: {
    method: 'GET',
    path: '/api/seals/:id/grants',
    schema: listSealGrantsRoute,
    access: { permission: 'seals.read', scope: 'params.id:seal' },
  },
  withdrawSealGrant: {
    method: 'DELETE',
    path: '/api/seals/:id/grants/:grantId',
    schema: withdrawSealGrantRoute,
    access: { permission: 'seals.manage', scope: 'params.id:seal' },
  },
  // No org scope: the seal's grant is the scope. A seal admin may grant a school seal to a college's
  // creator; the seal step refuses anyone no current grant names (ERR_SEAL_NOT_GRANTED).
  useSeal: {
    method: 'POST',
    path: '/api/seals/:id/use',
    schema: useSealRoute,
    access: { permission: 'seals.use' },
    upload: {
      contentTypes: ['application/pdf'],
      maxBytes: MAX_SEAL_PDF_BYTES,
      wrongType: 'ERR_SEAL_MEDIA_TYPE',
      tooLarge: 'ERR_SEAL_DOCUMENT_TOO_LARGE',
    },
    download: { contentTypes: ['application/pdf'] },
  },
  sealTrajectory: {
    method: 'GET',
    path: '/api/seals/:id/trajectory',
    schema: sealTrajectoryRoute,
    access: { permission: 'seals.read', scope: 'params.id:seal' },
  },
} as const satisfies Record<string, RouteSpec>;

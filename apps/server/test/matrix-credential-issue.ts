// Permission-matrix expectations for the credential routes: the portal, the archive, revocation and the public credential view.
// Routes scoped by a credential (or a credential type) are sent an id that does not exist: past the hook
// they answer 404, never a denial; their org scope is exercised in credential-issue.test.ts.
import type { Role } from '@openseal/contract';
import type { Expectation } from './permission-expectation.ts';

const REQUESTERS: readonly Role[] = ['business_creator', 'member'];
const READERS: readonly Role[] = ['file_admin', 'business_auditor'];
const REVOKERS: readonly Role[] = ['business_creator', 'file_admin'];

export const CREDENTIAL_ISSUE_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/portal/credential-types': {
    kind: 'none',
    allow: REQUESTERS,
    request: () => ({ method: 'GET', url: '/api/portal/credential-types' }),
  },
  'GET /api/portal/credential-types/:code/preview': {
    kind: 'none',
    allow: REQUESTERS,
    request: () => ({ method: 'GET', url: '/api/portal/credential-types/no-such-type/preview' }),
  },
  'POST /api/portal/credentials': {
    kind: 'none',
    allow: REQUESTERS,
    request: () => ({
      method: 'POST',
      url: '/api/portal/credentials',
      payload: { typeCode: 'no-such-type' },
    }),
  },
  'GET /api/portal/credentials': {
    kind: 'none',
    allow: REQUESTERS,
    request: () => ({ method: 'GET', url: '/api/portal/credentials' }),
  },
  'GET /api/portal/credentials/:id/pdf': {
    kind: 'none',
    allow: REQUESTERS,
    request: () => ({ method: 'GET', url: '/api/portal/credentials/no-such-credential/pdf' }),
  },
  'GET /api/archive/credentials': {
    kind: 'none',
    allow: READERS,
    request: () => ({ method: 'GET', url: '/api/archive/credentials' }),
  },
  'GET /api/archive/credentials/:id': {
    kind: 'none',
    allow: READERS,
    request: () => ({ method: 'GET', url: '/api/archive/credentials/no-such-credential' }),
  },
  'GET /api/archive/credentials/:id/pdf': {
    kind: 'none',
    allow: READERS,
    request: () => ({ method: 'GET', url: '/api/archive/credentials/no-such-credential/pdf' }),
  },
  'POST /api/archive/credentials/:id/revoke': {
    kind: 'none',
    allow: REVOKERS,
    request: () => ({
      method: 'POST',
      url: '/api/archive/credentials/no-such-credential/revoke',
      payload: { reason: 'matrix' },
    }),
  },
  'GET /api/archive/retention': {
    kind: 'none',
    allow: READERS,
    request: () => ({ method: 'GET', url: '/api/archive/retention' }),
  },
  'PUT /api/archive/retention/:typeCode': {
    kind: 'none',
    allow: ['file_admin'],
    request: () => ({
      method: 'PUT',
      url: '/api/archive/retention/no-such-type',
      payload: { retentionYears: 10 },
    }),
  },
  'GET /api/public/credentials/:publicId': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/public/credentials/:publicId/pdf': { kind: 'public', allow: [], request: () => ({}) },
};

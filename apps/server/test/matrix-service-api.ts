// Permission-matrix expectations for the service API: the seal office manages service accounts of its
// units, a security admin decides on them; the /api/service/v1 routes take a service key only, so
// every session is refused there (kind 'service').
import type { Expectation } from './permission-expectation.ts';

const office = ['seal_admin'] as const;
const approver = ['security_admin'] as const;

const account = (action: string, allow: Expectation['allow']): Expectation => ({
  // The account is looked up for its unit; an unknown one is 404 to whoever holds the permission
  // (service-api.test.ts checks the scope on real accounts).
  kind: 'none',
  allow,
  request: () => ({ method: 'POST', url: `/api/service-accounts/no-such-account/${action}` }),
});

const service = (method: 'GET' | 'POST', url: string): Expectation => ({
  kind: 'service',
  allow: [],
  request: () => ({ method, url }),
});

export const SERVICE_API_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/service-accounts': {
    kind: 'unit',
    allow: office,
    request: (t) => ({ method: 'GET', url: `/api/service-accounts?unitId=${t.unitId}` }),
  },
  'GET /api/service-accounts/pending': {
    kind: 'none',
    allow: approver,
    request: () => ({ method: 'GET', url: '/api/service-accounts/pending' }),
  },
  'POST /api/service-accounts': {
    kind: 'unit',
    allow: office,
    request: (t) => ({
      method: 'POST',
      url: '/api/service-accounts',
      payload: {
        name: `matrix-${t.n}`,
        displayName: 'matrix',
        unitId: t.unitId,
        sealIds: [],
        typeCodes: [],
        operations: ['verify'],
        ipAllow: [],
        ratePerMinute: 60,
      },
    }),
  },
  'POST /api/service-accounts/:id/rotate': account('rotate', office),
  'POST /api/service-accounts/:id/suspend': account('suspend', office),
  'POST /api/service-accounts/:id/resume': account('resume', office),
  'POST /api/service-accounts/:id/revoke': account('revoke', office),
  'POST /api/service-accounts/:id/approve': account('approve', approver),
  'POST /api/service-accounts/:id/reject': account('reject', approver),
  'POST /api/service/v1/seals/:id/stamp': service('POST', '/api/service/v1/seals/x/stamp'),
  'POST /api/service/v1/batches': service('POST', '/api/service/v1/batches'),
  'POST /api/service/v1/batches/:id/files': service('POST', '/api/service/v1/batches/x/files'),
  'POST /api/service/v1/batches/:id/start': service('POST', '/api/service/v1/batches/x/start'),
  'GET /api/service/v1/batches/:id': service('GET', '/api/service/v1/batches/x'),
  'GET /api/service/v1/batches/:id/files': service('GET', '/api/service/v1/batches/x/files'),
  'GET /api/service/v1/batches/:id/files/:seq': service('GET', '/api/service/v1/batches/x/files/1'),
  'GET /api/service/v1/batches/:id/result': service('GET', '/api/service/v1/batches/x/result'),
  'POST /api/service/v1/credentials': service('POST', '/api/service/v1/credentials'),
  'POST /api/service/v1/verify': service('POST', '/api/service/v1/verify'),
  'GET /api/service/v1/ledger': service('GET', '/api/service/v1/ledger'),
};

// Permission-matrix expectations for the credential routes: batch issuing jobs.
import type { Expectation } from './permission-expectation.ts';

// Every job route is scoped to a unit the matrix has no target for (the template's owner unit, the
// job's unit): a registrar gets past the permission check to ERR_NOT_FOUND, everyone else is refused
// first. Scope in and out of the unit is tested in credential-jobs.test.ts.
const registrar = ['business_creator'] as const;

export const CREDENTIAL_JOB_EXPECTATIONS: Record<string, Expectation> = {
  'POST /api/credential-jobs': {
    kind: 'none',
    allow: registrar,
    request: () => ({
      method: 'POST',
      url: '/api/credential-jobs',
      payload: { typeCode: 'no-such-type', cohort: '2026' },
    }),
  },
  'POST /api/credential-jobs/check': {
    kind: 'none',
    allow: registrar,
    request: () => ({
      method: 'POST',
      url: '/api/credential-jobs/check',
      payload: { typeCode: 'no-such-type', cohort: '2026' },
    }),
  },
  'GET /api/credential-jobs': {
    kind: 'none',
    allow: registrar,
    request: () => ({ method: 'GET', url: '/api/credential-jobs' }),
  },
  'GET /api/credential-jobs/:id': {
    kind: 'none',
    allow: registrar,
    request: () => ({ method: 'GET', url: '/api/credential-jobs/no-such-job' }),
  },
  'POST /api/credential-jobs/:id/pause': {
    kind: 'none',
    allow: registrar,
    request: () => ({ method: 'POST', url: '/api/credential-jobs/no-such-job/pause' }),
  },
  'POST /api/credential-jobs/:id/resume': {
    kind: 'none',
    allow: registrar,
    request: () => ({ method: 'POST', url: '/api/credential-jobs/no-such-job/resume' }),
  },
  'GET /api/credential-jobs/:id/zip': {
    kind: 'none',
    allow: registrar,
    request: () => ({ method: 'GET', url: '/api/credential-jobs/no-such-job/zip' }),
  },
};

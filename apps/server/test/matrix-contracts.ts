// Permission-matrix expectations for contracts: starting one takes documents.create; every other
// route is open to anyone signed in and decided per contract (initiator and parties only), so for a
// contract nobody holds the hook lets every role through to ERR_CONTRACT_NOT_FOUND.
import { ROLES } from '@openseal/contract';
import type { Expectation } from './permission-expectation.ts';

const onMissing = (method: 'GET' | 'POST', path: string, payload?: object): Expectation => ({
  kind: 'session',
  allow: ROLES,
  request: () => ({ method, url: `/api/contracts/no-such-contract${path}`, ...(payload ? { payload } : {}) }),
});

export const CONTRACTS_EXPECTATIONS: Record<string, Expectation> = {
  'POST /api/contracts': {
    kind: 'none',
    allow: ['business_creator'],
    request: () => ({
      method: 'POST',
      url: '/api/contracts',
      payload: {
        title: 'matrix',
        file: { uploadId: 'no-such-upload' },
        order: 'sequential',
        parties: [{ kind: 'person', username: 'nobody-here' }],
      },
    }),
  },
  'POST /api/contracts/seal-jobs': {
    kind: 'session',
    allow: ROLES,
    // Past the hook everyone meets the seal's refusal (the matrix seal is physical): never a denial.
    request: (t) => ({ method: 'POST', url: '/api/contracts/seal-jobs', payload: { sealId: t.sealId } }),
  },
  'GET /api/contracts/seal-jobs': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/contracts/seal-jobs' }),
  },
  'GET /api/contracts/seal-jobs/:id': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/contracts/seal-jobs/no-such-job' }),
  },
  'GET /api/contracts': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/contracts' }),
  },
  'GET /api/contracts/:id': onMissing('GET', ''),
  'GET /api/contracts/:id/file': onMissing('GET', '/file'),
  'GET /api/contracts/:id/evidence': onMissing('GET', '/evidence'),
  'POST /api/contracts/:id/identity': onMissing('POST', '/identity', {
    name: '张三',
    idNumber: '11010519491231002X',
  }),
  'POST /api/contracts/:id/signer-certificate': onMissing('POST', '/signer-certificate', { csr: 'AAAA' }),
  'POST /api/contracts/:id/signature/prepare': onMissing('POST', '/signature/prepare', {
    certificate: 'AAAA',
    appearance: { kind: 'typed' },
    consent: true,
  }),
  'POST /api/contracts/:id/signature/complete': onMissing('POST', '/signature/complete', {
    signature: 'AAAA',
  }),
  'POST /api/contracts/:id/signature/event': onMissing('POST', '/signature/event', {
    appearance: { kind: 'typed' },
    consent: true,
  }),
  'POST /api/contracts/:id/seal': onMissing('POST', '/seal', { partyId: 'p' }),
  'POST /api/contracts/:id/decline': onMissing('POST', '/decline', { reason: 'r' }),
  'POST /api/contracts/:id/void/agree': onMissing('POST', '/void/agree'),
  'POST /api/contracts/:id/void': onMissing('POST', '/void', { reason: 'r' }),
  'POST /api/contracts/:id/handoff': onMissing('POST', '/handoff'),
  'POST /api/contract-handoffs/redeem': { kind: 'public', allow: [], request: () => ({}) },
};

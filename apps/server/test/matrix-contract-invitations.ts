// Permission-matrix expectations for external signers: the invitation link's three public routes
// (the token is the only key), and the SMS gateway with its demo outbox, a system setting.
import type { Expectation } from './permission-expectation.ts';

const sysadmin = ['system_admin'] as const;

export const CONTRACT_INVITATIONS_EXPECTATIONS: Record<string, Expectation> = {
  'POST /api/sign/invitation': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/sign/code': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/sign/session': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/messages/sms': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/messages/sms' }),
  },
  'PUT /api/messages/sms': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'PUT', url: '/api/messages/sms', payload: { provider: 'demo' } }),
  },
  'GET /api/messages/sms/outbox': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/messages/sms/outbox' }),
  },
};

// Permission-matrix expectations for single sign-on: the sign-in steps are public (no session yet),
// logout needs a session, and only the system admin at the root configures providers.
import { ROLES } from '@openseal/contract';
import type { Expectation } from './permission-expectation.ts';

const sysadmin = ['system_admin'] as const;

export const SSO_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/auth/sso/providers': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/auth/sso/:id/start': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/auth/sso/:id/callback': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/auth/sso/:id/callback': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/auth/sso/second-factor': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/auth/sso/logout': {
    kind: 'session',
    allow: ROLES,
    freshSession: true,
    request: () => ({ method: 'POST', url: '/api/auth/sso/logout' }),
  },
  'GET /api/auth/sso/settings': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/auth/sso/settings' }),
  },
  'PUT /api/auth/sso/settings/:id': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({
      method: 'PUT',
      url: '/api/auth/sso/settings/matrix',
      payload: {
        kind: 'cas',
        name: 'CAS',
        enabled: false,
        url: 'https://cas.example.edu.cn/cas',
        casVersion: 3,
        claims: { campusId: 'uid', unit: 'unit', name: 'cn' },
      },
    }),
  },
};

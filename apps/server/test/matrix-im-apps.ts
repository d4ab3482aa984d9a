// Permission-matrix expectations for WeChat Work and DingTalk: the sign-in steps and the vendors'
// callbacks are public (no session; the callbacks carry the vendor's signature), and only the system
// admin at the root configures the apps.
import type { Expectation } from './permission-expectation.ts';

const sysadmin = ['system_admin'] as const;

export const IM_APPS_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/auth/im/apps': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/auth/im/:app/start': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/auth/im/:app/callback': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/auth/im/second-factor': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/im-apps/wecom/callback': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/im-apps/wecom/callback': { kind: 'public', allow: [], request: () => ({}) },
  'POST /api/im-apps/dingtalk/callback': { kind: 'public', allow: [], request: () => ({}) },
  'GET /api/im-apps/settings': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/im-apps/settings' }),
  },
  'PUT /api/im-apps/settings/:app': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({
      method: 'PUT',
      url: '/api/im-apps/settings/wecom',
      payload: { enabled: false, corpId: 'wwmatrix', agentId: '1000002', secret: 'matrix', apiBaseUrl: null },
    }),
  },
};

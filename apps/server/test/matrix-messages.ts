// Permission-matrix expectations for messages: a person's own settings (any signed-in person, no id,
// so only their own), and the SMTP server, a school-wide system setting for the system admin.
import { ROLES } from '@openseal/contract';
import type { Expectation } from './permission-expectation.ts';

const sysadmin = ['system_admin'] as const;

export const MESSAGES_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/account/messages': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'GET', url: '/api/account/messages' }),
  },
  'PUT /api/account/messages': {
    kind: 'session',
    allow: ROLES,
    request: () => ({ method: 'PUT', url: '/api/account/messages', payload: { locale: 'zh' } }),
  },
  'GET /api/messages/smtp': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/messages/smtp' }),
  },
  'PUT /api/messages/smtp': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({
      method: 'PUT',
      url: '/api/messages/smtp',
      payload: {
        enabled: false,
        host: 'smtp.example.org',
        port: 587,
        security: 'starttls',
        username: '',
        fromAddress: 'seal@example.org',
        fromName: 'matrix',
      },
    }),
  },
  'POST /api/messages/smtp/test': {
    kind: 'root',
    allow: sysadmin,
    // Past the hook, the system admin meets ERR_SMTP_NOT_CONFIGURED: the server above is switched off.
    request: () => ({
      method: 'POST',
      url: '/api/messages/smtp/test',
      payload: { to: 'nobody@example.org' },
    }),
  },
};

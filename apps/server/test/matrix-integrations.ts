// Permission-matrix expectations for the integration settings (webhooks): school-wide system
// settings, for the system admin at the root only.
import type { Expectation } from './permission-expectation.ts';

const sysadmin = ['system_admin'] as const;

export const INTEGRATION_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/integrations/webhooks': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/integrations/webhooks' }),
  },
  'POST /api/integrations/webhooks': {
    kind: 'root',
    allow: sysadmin,
    request: (t) => ({
      method: 'POST',
      url: '/api/integrations/webhooks',
      payload: {
        url: `https://hooks.example.org/${t.n}`,
        description: 'matrix',
        events: ['document.sealed'],
      },
    }),
  },
  'PATCH /api/integrations/webhooks/:id': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({
      method: 'PATCH',
      url: '/api/integrations/webhooks/no-such-webhook',
      payload: { enabled: false },
    }),
  },
  'GET /api/integrations/webhooks/:id/deliveries': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/integrations/webhooks/no-such-webhook/deliveries' }),
  },
  'POST /api/integrations/webhook-deliveries/:id/redeliver': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({
      method: 'POST',
      url: '/api/integrations/webhook-deliveries/no-such-delivery/redeliver',
    }),
  },
  'GET /api/integrations/webhook-hosts': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'GET', url: '/api/integrations/webhook-hosts' }),
  },
  'PUT /api/integrations/webhook-hosts': {
    kind: 'root',
    allow: sysadmin,
    request: () => ({ method: 'PUT', url: '/api/integrations/webhook-hosts', payload: { hosts: [] } }),
  },
};

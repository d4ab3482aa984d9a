import {
  createWebhookRoute,
  getWebhookHostsRoute,
  listWebhookDeliveriesRoute,
  listWebhooksRoute,
  putWebhookHostsRoute,
  redeliverWebhookRoute,
  updateWebhookRoute,
} from '../webhooks.ts';
import type { RouteAccess, RouteSpec } from './route-spec.ts';

/**
 * Integration settings are school-wide system settings: the system admin configures them at the root
 * (as the school's name), and sees only ids and plain facts in the events, never business documents.
 */
const settings: RouteAccess = { permission: 'org.create', scope: 'root' };

export const integrationsApi = {
  listWebhooks: {
    method: 'GET',
    path: '/api/integrations/webhooks',
    schema: listWebhooksRoute,
    access: settings,
  },
  createWebhook: {
    method: 'POST',
    path: '/api/integrations/webhooks',
    schema: createWebhookRoute,
    access: settings,
  },
  updateWebhook: {
    method: 'PATCH',
    path: '/api/integrations/webhooks/:id',
    schema: updateWebhookRoute,
    access: settings,
  },
  listWebhookDeliveries: {
    method: 'GET',
    path: '/api/integrations/webhooks/:id/deliveries',
    schema: listWebhookDeliveriesRoute,
    access: settings,
  },
  redeliverWebhook: {
    method: 'POST',
    path: '/api/integrations/webhook-deliveries/:id/redeliver',
    schema: redeliverWebhookRoute,
    access: settings,
  },
  getWebhookHosts: {
    method: 'GET',
    path: '/api/integrations/webhook-hosts',
    schema: getWebhookHostsRoute,
    access: settings,
  },
  putWebhookHosts: {
    method: 'PUT',
    path: '/api/integrations/webhook-hosts',
    schema: putWebhookHostsRoute,
    access: settings,
  },
} as const satisfies Record<string, RouteSpec>;

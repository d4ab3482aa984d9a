import {
  getMyMessageSettingsRoute,
  getSmtpSettingsRoute,
  putMyMessageSettingsRoute,
  putSmtpSettingsRoute,
  testSmtpRoute,
} from '../messages.ts';
import type { RouteAccess, RouteSpec } from './route-spec.ts';

/** The email server is a school-wide system setting, as the other integrations (root, org.create). */
const settings: RouteAccess = { permission: 'org.create', scope: 'root' };

export const messagesApi = {
  /** A person's own message settings: the route has no id, so nobody can read or change another's. */
  getMyMessageSettings: {
    method: 'GET',
    path: '/api/account/messages',
    schema: getMyMessageSettingsRoute,
    access: { session: true },
  },
  putMyMessageSettings: {
    method: 'PUT',
    path: '/api/account/messages',
    schema: putMyMessageSettingsRoute,
    access: { session: true },
  },
  getSmtpSettings: {
    method: 'GET',
    path: '/api/messages/smtp',
    schema: getSmtpSettingsRoute,
    access: settings,
  },
  putSmtpSettings: {
    method: 'PUT',
    path: '/api/messages/smtp',
    schema: putSmtpSettingsRoute,
    access: settings,
  },
  testSmtp: {
    method: 'POST',
    path: '/api/messages/smtp/test',
    schema: testSmtpRoute,
    access: settings,
  },
} as const satisfies Record<string, RouteSpec>;

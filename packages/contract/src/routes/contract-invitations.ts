import {
  getSmsSettingsRoute,
  invitationSignInRoute,
  openInvitationRoute,
  putSmsSettingsRoute,
  sendInvitationCodeRoute,
  smsOutboxRoute,
} from '../contract-invitations.ts';
import type { RouteAccess, RouteSpec } from './route-spec.ts';

/** The SMS gateway is a school-wide system setting, as the email server is (root, org.create). */
const settings: RouteAccess = { permission: 'org.create', scope: 'root' };

/**
 * External signers. Public: whoever holds the invitation link may ask for a code and sign in with it;
 * the token travels in the body (never in an address a log keeps) and the code only to the contact.
 */
export const contractInvitationsApi = {
  openInvitation: {
    method: 'POST',
    path: '/api/sign/invitation',
    schema: openInvitationRoute,
    access: { public: true },
  },
  sendInvitationCode: {
    method: 'POST',
    path: '/api/sign/code',
    schema: sendInvitationCodeRoute,
    access: { public: true },
  },
  invitationSignIn: {
    method: 'POST',
    path: '/api/sign/session',
    schema: invitationSignInRoute,
    access: { public: true },
  },
  getSmsSettings: {
    method: 'GET',
    path: '/api/messages/sms',
    schema: getSmsSettingsRoute,
    access: settings,
  },
  putSmsSettings: {
    method: 'PUT',
    path: '/api/messages/sms',
    schema: putSmsSettingsRoute,
    access: settings,
  },
  smsOutbox: {
    method: 'GET',
    path: '/api/messages/sms/outbox',
    schema: smsOutboxRoute,
    access: settings,
  },
} as const satisfies Record<string, RouteSpec>;

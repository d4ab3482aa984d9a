import {
  changePasswordRoute,
  listPasswordResetsRoute,
  loginRoute,
  logoutRoute,
  meRoute,
  revealPasswordResetRoute,
  totpConfirmRoute,
  totpReplaceRoute,
  totpSetupRoute,
} from '../auth.ts';
import type { RouteSpec } from './route-spec.ts';

/** Sign-in, the session, the second factor and one's own password. */
export const authApi = {
  login: { method: 'POST', path: '/api/auth/login', schema: loginRoute, access: { public: true } },
  logout: { method: 'POST', path: '/api/auth/logout', schema: logoutRoute, access: { session: true } },
  me: { method: 'GET', path: '/api/auth/me', schema: meRoute, access: { session: true } },
  totpSetup: { method: 'POST', path: '/api/auth/totp', schema: totpSetupRoute, access: { session: true } },
  totpReplace: {
    method: 'POST',
    path: '/api/auth/totp/replace',
    schema: totpReplaceRoute,
    access: { session: true },
  },
  totpConfirm: {
    method: 'POST',
    path: '/api/auth/totp/confirm',
    schema: totpConfirmRoute,
    access: { session: true },
  },
  changePassword: {
    method: 'POST',
    path: '/api/auth/password',
    schema: changePasswordRoute,
    access: { session: true },
  },
  // A unit head's hand-over list: the password resets of people in their unit, codes revealed once.
  listPasswordResets: {
    method: 'GET',
    path: '/api/auth/password-resets',
    schema: listPasswordResetsRoute,
    access: { session: true },
  },
  revealPasswordReset: {
    method: 'POST',
    path: '/api/auth/password-resets/:id/reveal',
    schema: revealPasswordResetRoute,
    access: { session: true },
  },
} as const satisfies Record<string, RouteSpec>;

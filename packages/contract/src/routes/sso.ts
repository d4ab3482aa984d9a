import {
  listSsoSettingsRoute,
  saveSsoSettingsRoute,
  ssoCallbackRoute,
  ssoLogoutRoute,
  ssoProvidersRoute,
  ssoSecondFactorRoute,
  ssoSingleLogoutRoute,
  ssoStartRoute,
} from '../sso.ts';
import type { RouteSpec } from './route-spec.ts';

/** Single sign-on through the school's identity provider (OIDC or CAS). */
export const ssoApi = {
  ssoProviders: {
    method: 'GET',
    path: '/api/auth/sso/providers',
    schema: ssoProvidersRoute,
    access: { public: true },
  },
  ssoStart: {
    method: 'GET',
    path: '/api/auth/sso/:id/start',
    schema: ssoStartRoute,
    access: { public: true },
  },
  ssoCallback: {
    method: 'GET',
    path: '/api/auth/sso/:id/callback',
    schema: ssoCallbackRoute,
    access: { public: true },
  },
  // Public: the CAS server calls it (form-encoded), naming a ticket only it and the browser know.
  ssoSingleLogout: {
    method: 'POST',
    path: '/api/auth/sso/:id/callback',
    schema: ssoSingleLogoutRoute,
    access: { public: true },
  },
  // Public: the session does not exist yet; the sign-in in flight is found by its SameSite=Lax cookie.
  ssoSecondFactor: {
    method: 'POST',
    path: '/api/auth/sso/second-factor',
    schema: ssoSecondFactorRoute,
    access: { public: true },
  },
  ssoLogout: {
    method: 'POST',
    path: '/api/auth/sso/logout',
    schema: ssoLogoutRoute,
    access: { session: true },
  },
  // The system admin configures the providers (they decide who gets an account).
  listSsoSettings: {
    method: 'GET',
    path: '/api/auth/sso/settings',
    schema: listSsoSettingsRoute,
    access: { permission: 'users.create', scope: 'root' },
  },
  saveSsoSettings: {
    method: 'PUT',
    path: '/api/auth/sso/settings/:id',
    schema: saveSsoSettingsRoute,
    access: { permission: 'users.create', scope: 'root' },
  },
} as const satisfies Record<string, RouteSpec>;

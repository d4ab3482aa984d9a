import {
  dingtalkCallbackRoute,
  imSecondFactorRoute,
  imSignInAppsRoute,
  imSignInCallbackRoute,
  imSignInStartRoute,
  listImAppSettingsRoute,
  saveImAppSettingsRoute,
  wecomCallbackRoute,
  wecomCallbackVerifyRoute,
} from '../im-apps.ts';
import type { RouteSpec } from './route-spec.ts';

/** WeChat Work and DingTalk: sign-in inside the apps and by QR, their settings, their event callbacks. */
export const imAppsApi = {
  imSignInApps: {
    method: 'GET',
    path: '/api/auth/im/apps',
    schema: imSignInAppsRoute,
    access: { public: true },
  },
  imSignInStart: {
    method: 'GET',
    path: '/api/auth/im/:app/start',
    schema: imSignInStartRoute,
    access: { public: true },
  },
  imSignInCallback: {
    method: 'GET',
    path: '/api/auth/im/:app/callback',
    schema: imSignInCallbackRoute,
    access: { public: true },
  },
  // Public: the session does not exist yet; the sign-in in flight is found by its SameSite=Lax cookie.
  imSecondFactor: {
    method: 'POST',
    path: '/api/auth/im/second-factor',
    schema: imSecondFactorRoute,
    access: { public: true },
  },
  // The system admin configures them (they decide who signs in and who is disabled on a vendor's word).
  listImAppSettings: {
    method: 'GET',
    path: '/api/im-apps/settings',
    schema: listImAppSettingsRoute,
    access: { permission: 'users.create', scope: 'root' },
  },
  saveImAppSettings: {
    method: 'PUT',
    path: '/api/im-apps/settings/:app',
    schema: saveImAppSettingsRoute,
    access: { permission: 'users.create', scope: 'root' },
  },
  // Public: the vendor calls them; the message signature under the callback token is the check.
  wecomCallbackVerify: {
    method: 'GET',
    path: '/api/im-apps/wecom/callback',
    schema: wecomCallbackVerifyRoute,
    access: { public: true },
  },
  wecomCallback: {
    method: 'POST',
    path: '/api/im-apps/wecom/callback',
    schema: wecomCallbackRoute,
    access: { public: true },
  },
  dingtalkCallback: {
    method: 'POST',
    path: '/api/im-apps/dingtalk/callback',
    schema: dingtalkCallbackRoute,
    access: { public: true },
  },
} as const satisfies Record<string, RouteSpec>;

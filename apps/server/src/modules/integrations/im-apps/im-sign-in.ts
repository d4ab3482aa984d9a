import { randomBytes } from 'node:crypto';
import type { ImApp } from '@openseal/contract';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../errors.ts';
import {
  finishVouchedSecondFactor,
  signInVouchedAccount,
  type VouchedOutcome,
} from '../../auth/sso/vouched-sign-in.ts';
import { dingtalkOAuthUrl, dingtalkPersonOfCode } from '../dingtalk/dingtalk-client.ts';
import { wecomOAuthUrl, wecomQrLoginUrl, wecomUserIdOfCode } from '../wecom/wecom-client.ts';
import { linkedAccount } from './im-app-links.ts';
import type { ImAppConfig } from './im-app-settings.ts';
import type { ImAppsContext } from './im-apps-context.ts';

/** How long a person has at the vendor's page (a QR scan included). */
export const IM_LOGIN_TTL_MS = 10 * 60_000;

const IM_COOKIE = 'openseal_im';
const IM_PATH = '/api/auth/im';

/** Binds the sign-in to the browser that started it (RFC 9700 4.7); Lax: the vendor sends it back cross-site. */
export function imStateCookie(state: string, secure: boolean): string {
  return `${IM_COOKIE}=${state}; Path=${IM_PATH}; HttpOnly; SameSite=Lax; Max-Age=${IM_LOGIN_TTL_MS / 1000}${secure ? '; Secure' : ''}`;
}

export function clearedImStateCookie(secure: boolean): string {
  return `${IM_COOKIE}=; Path=${IM_PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

export function readImState(req: FastifyRequest): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === IM_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * Starts a sign-in: remembers the state and where to land, and answers the vendor page to send the
 * browser to: the in-app OAuth page, or the QR page a kiosk shows.
 */
export async function startImSignIn(
  ctx: ImAppsContext,
  config: ImAppConfig,
  mode: 'app' | 'qr',
  redirectUri: string,
  nextPath: string,
): Promise<{ state: string; location: string }> {
  const state = randomBytes(32).toString('base64url');
  const now = ctx.clock();
  await ctx.db.deleteFrom('im_app_logins').where('expires_at', '<=', now.toISOString()).execute();
  await ctx.db
    .insertInto('im_app_logins')
    .values({
      state,
      app: config.app,
      next_path: nextPath,
      user_id: null,
      expires_at: new Date(now.getTime() + IM_LOGIN_TTL_MS).toISOString(),
    })
    .execute();
  const location =
    config.app === 'dingtalk'
      ? dingtalkOAuthUrl(config, redirectUri, state)
      : mode === 'qr'
        ? wecomQrLoginUrl(config, redirectUri, state)
        : wecomOAuthUrl(config, redirectUri, state);
  return { state, location };
}

export type ImSignInResult = { next: string; outcome: VouchedOutcome };

/**
 * The vendor sent the browser back: the state must be this browser's and unexpired (used once), the code
 * names a member, the member is an OpenSeal account by link or campus ID, and the single sign-on rules
 * decide whether a session opens.
 */
export async function finishImSignIn(
  ctx: ImAppsContext,
  config: ImAppConfig,
  cookieState: string | undefined,
  query: Record<string, string>,
  requestId: string,
): Promise<ImSignInResult> {
  const state = query.state;
  if (state === undefined || state !== cookieState) throw new AppError('ERR_SSO_STATE_INVALID');
  const now = ctx.clock();
  const pending = await ctx.db
    .deleteFrom('im_app_logins')
    .where('state', '=', state)
    .where('app', '=', config.app)
    .where('user_id', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning('next_path')
    .executeTakeFirst();
  if (!pending) throw new AppError('ERR_SSO_STATE_INVALID');
  // DingTalk names it authCode (and code); WeCom code.
  const code = query.authCode ?? query.code;
  if (!code) throw new AppError('ERR_SSO_TOKEN_INVALID', 'no code from the vendor');
  const userId = await accountOfCode(ctx, config.app, config, code, now);
  if (userId === null) throw new AppError('ERR_IM_ACCOUNT_UNLINKED');
  const outcome = await signInVouchedAccount(ctx.db, userId, `auth.${config.app}.login`, requestId, now);
  // The code is still due: the same state (this browser's cookie) now names the account, for a while.
  if (outcome.kind === 'secondFactor')
    await ctx.db
      .insertInto('im_app_logins')
      .values({
        state,
        app: config.app,
        next_path: pending.next_path,
        user_id: userId,
        expires_at: new Date(now.getTime() + IM_LOGIN_TTL_MS).toISOString(),
      })
      .execute();
  return { next: pending.next_path, outcome };
}

/**
 * The second factor after the app vouched (POST /api/auth/im/second-factor): the sign-in this browser
 * started, once; a wrong code ends it (ERR_INVALID_CREDENTIALS) and the person starts again in the app.
 */
export async function finishImSecondFactor(
  ctx: ImAppsContext,
  cookieState: string | undefined,
  totpCode: string,
  requestId: string,
): Promise<{ next: string; token: string; csrfToken: string }> {
  const now = ctx.clock();
  const pending =
    cookieState === undefined
      ? undefined
      : await ctx.db
          .deleteFrom('im_app_logins')
          .where('state', '=', cookieState)
          .where('user_id', 'is not', null)
          .where('expires_at', '>', now.toISOString())
          .returning(['app', 'user_id', 'next_path'])
          .executeTakeFirst();
  if (!pending || pending.user_id === null) throw new AppError('ERR_SSO_STATE_INVALID');
  const session = await finishVouchedSecondFactor(
    ctx.db,
    ctx.secrets,
    pending.user_id,
    totpCode,
    `auth.${pending.app}.login`,
    requestId,
    now,
  );
  if (!session) throw new AppError('ERR_INVALID_CREDENTIALS');
  return { next: pending.next_path, ...session };
}

async function accountOfCode(
  ctx: ImAppsContext,
  app: ImApp,
  config: ImAppConfig,
  code: string,
  now: Date,
): Promise<string | null> {
  if (app === 'wecom') {
    const wecomUserId = await wecomUserIdOfCode(ctx, config, code);
    return linkedAccount(ctx.db, 'wecom', wecomUserId, [wecomUserId], now);
  }
  const person = await dingtalkPersonOfCode(ctx, config, code);
  const campusIds = person.jobNumber === null ? [person.userId] : [person.jobNumber, person.userId];
  return linkedAccount(ctx.db, 'dingtalk', person.userId, campusIds, now);
}

/**
 * A message's link as the app should open it: through this server's in-app sign-in, which lands on the
 * linked page signed in (the app's browser has no OpenSeal session of its own).
 */
export function signedInLink(app: ImApp, link: string): string {
  const target = new URL(link);
  const start = new URL(`/api/auth/im/${app}/start`, target.origin);
  start.searchParams.set('mode', 'app');
  start.searchParams.set('next', `${target.pathname}${target.search}${target.hash}`);
  return start.toString();
}

import { AppError } from '../../../errors.ts';
import type { ImAppConfig } from '../im-apps/im-app-settings.ts';
import type { ImAppsContext } from '../im-apps/im-apps-context.ts';
import { textField, vendorJson, vendorRefusal } from '../im-apps/vendor-http.ts';

/** DingTalk's hosts (open.dingtalk.com): the new API, the older "oapi" one, and the sign-in pages. */
export const DINGTALK_HOSTS = {
  api: 'https://api.dingtalk.com',
  oapi: 'https://oapi.dingtalk.com',
  login: 'https://login.dingtalk.com',
} as const;

export const dingtalkHosts = (config: Pick<ImAppConfig, 'apiBaseUrl'>) =>
  config.apiBaseUrl === null
    ? DINGTALK_HOSTS
    : { api: config.apiBaseUrl, oapi: config.apiBaseUrl, login: config.apiBaseUrl };

/** 40014 invalid / 42001 expired access_token on the oapi host: renewed once, as for WeCom. */
const TOKEN_REFUSED = new Set([40014, 42001]);

function appKeyOf(config: ImAppConfig): string {
  if (config.appKey === null) throw new AppError('ERR_IM_APP_NOT_CONFIGURED', 'DingTalk has no AppKey');
  return config.appKey;
}

const tokenKey = (config: ImAppConfig) => `dingtalk:${config.appKey}:${config.updatedAt}`;

/** POST /v1.0/oauth2/accessToken {appKey, appSecret} → accessToken, expireIn (7200); valid on oapi too. */
async function issueToken(ctx: ImAppsContext, config: ImAppConfig) {
  const { status, body } = await vendorJson(ctx, `${dingtalkHosts(config).api}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    body: { appKey: appKeyOf(config), appSecret: config.secret },
  });
  const token = textField(body, 'accessToken');
  if (status !== 200 || token === null) throw vendorRefusal('dingtalk accessToken', body.code, body.message);
  return { token, expiresInSeconds: Number(body.expireIn) || 7200 };
}

/** An oapi call (POST JSON, ?access_token=) with the cached app token, renewed once if refused. */
export async function dingtalkOapi(
  ctx: ImAppsContext,
  config: ImAppConfig,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const key = tokenKey(config);
  for (let attempt = 0; ; attempt++) {
    const token = await ctx.tokens.get(key, () => issueToken(ctx, config));
    const url = new URL(path, dingtalkHosts(config).oapi);
    url.searchParams.set('access_token', token);
    const answer = await vendorJson(ctx, url.toString(), { method: 'POST', body });
    if (attempt === 0 && TOKEN_REFUSED.has(Number(answer.body.errcode))) {
      ctx.tokens.drop(key, token);
      continue;
    }
    return answer.body;
  }
}

/**
 * DingTalk's OAuth page, in the in-app browser and as the QR page on a kiosk alike (prompt=consent is
 * what the document requires; scope openid yields the person's unionId).
 */
export function dingtalkOAuthUrl(config: ImAppConfig, redirectUri: string, state: string): string {
  const url = new URL('/oauth2/auth', dingtalkHosts(config).login);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', appKeyOf(config));
  url.searchParams.set('scope', 'openid');
  url.searchParams.set('state', state);
  url.searchParams.set('prompt', 'consent');
  return url.toString();
}

/** The person behind a sign-in code: their corp userid and job number (工号) when the corp keeps one. */
export async function dingtalkPersonOfCode(
  ctx: ImAppsContext,
  config: ImAppConfig,
  code: string,
): Promise<{ userId: string; jobNumber: string | null }> {
  const hosts = dingtalkHosts(config);
  // 1. The code for the person's own token (POST /v1.0/oauth2/userAccessToken).
  const userToken = await vendorJson(ctx, `${hosts.api}/v1.0/oauth2/userAccessToken`, {
    method: 'POST',
    body: { clientId: appKeyOf(config), clientSecret: config.secret, code, grantType: 'authorization_code' },
  });
  const accessToken = textField(userToken.body, 'accessToken');
  if (userToken.status !== 200 || accessToken === null)
    throw new AppError('ERR_SSO_TOKEN_INVALID', `dingtalk userAccessToken: ${String(userToken.body.code)}`);
  // 2. Who they are (GET /v1.0/contact/users/me): the unionId, the same in every app of the corp.
  const me = await vendorJson(ctx, `${hosts.api}/v1.0/contact/users/me`, {
    headers: { 'x-acs-dingtalk-access-token': accessToken },
  });
  const unionId = textField(me.body, 'unionId');
  if (me.status !== 200 || unionId === null)
    throw new AppError('ERR_SSO_TOKEN_INVALID', `dingtalk users/me: ${String(me.body.code)}`);
  // 3. Their userid in the corp, then their job number (the app's token).
  const byUnion = await dingtalkOapi(ctx, config, '/topapi/user/getbyunionid', { unionid: unionId });
  const result = byUnion.result as Record<string, unknown> | undefined;
  const userId = result ? textField(result, 'userid') : null;
  // 60121: not a member of this corp (an outside contact).
  if (byUnion.errcode !== 0 || userId === null) throw new AppError('ERR_IM_ACCOUNT_UNLINKED');
  const detail = await dingtalkOapi(ctx, config, '/topapi/v2/user/get', { userid: userId });
  const person = detail.errcode === 0 ? (detail.result as Record<string, unknown> | undefined) : undefined;
  return { userId, jobNumber: person ? textField(person, 'job_number') : null };
}

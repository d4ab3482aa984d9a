import { AppError } from '../../../errors.ts';
import type { ImAppConfig } from '../im-apps/im-app-settings.ts';
import type { ImAppsContext } from '../im-apps/im-apps-context.ts';
import { textField, vendorJson, vendorRefusal } from '../im-apps/vendor-http.ts';

/** WeChat Work's hosts (developer.work.weixin.qq.com): the API, in-app OAuth, and the web login QR. */
export const WECOM_HOSTS = {
  api: 'https://qyapi.weixin.qq.com',
  oauth: 'https://open.weixin.qq.com',
  qrLogin: 'https://login.work.weixin.qq.com',
} as const;

/** Every host, or the one configured base serving all their paths (a proxy, or the local test server). */
export const wecomHosts = (config: Pick<ImAppConfig, 'apiBaseUrl'>) =>
  config.apiBaseUrl === null
    ? WECOM_HOSTS
    : { api: config.apiBaseUrl, oauth: config.apiBaseUrl, qrLogin: config.apiBaseUrl };

/** 40014 invalid access_token, 42001 access_token expired: the cached token is dropped and fetched again. */
const TOKEN_REFUSED = new Set([40014, 42001]);

const tokenKey = (config: ImAppConfig) => `wecom:${config.corpId}:${config.agentId}:${config.updatedAt}`;

/** GET /cgi-bin/gettoken?corpid&corpsecret → access_token, expires_in (7200). */
async function issueToken(ctx: ImAppsContext, config: ImAppConfig) {
  const url = new URL('/cgi-bin/gettoken', wecomHosts(config).api);
  url.searchParams.set('corpid', config.corpId);
  url.searchParams.set('corpsecret', config.secret);
  const { body } = await vendorJson(ctx, url.toString());
  const token = textField(body, 'access_token');
  if (body.errcode !== 0 || token === null) throw vendorRefusal('wecom gettoken', body.errcode, body.errmsg);
  return { token, expiresInSeconds: Number(body.expires_in) || 7200 };
}

/**
 * Calls a WeCom API with the app's cached access token. A token the vendor calls invalid or expired
 * (40014, 42001) is renewed once and the call retried; any other answer is the caller's to read.
 */
export async function wecomCall(
  ctx: ImAppsContext,
  config: ImAppConfig,
  path: string,
  params: Record<string, string> = {},
  body?: unknown,
): Promise<Record<string, unknown>> {
  const key = tokenKey(config);
  for (let attempt = 0; ; attempt++) {
    const token = await ctx.tokens.get(key, () => issueToken(ctx, config));
    const url = new URL(path, wecomHosts(config).api);
    url.searchParams.set('access_token', token);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const answer = await vendorJson(ctx, url.toString(), body === undefined ? {} : { method: 'POST', body });
    if (attempt === 0 && TOKEN_REFUSED.has(Number(answer.body.errcode))) {
      ctx.tokens.drop(key, token);
      continue;
    }
    return answer.body;
  }
}

/** Where the in-app browser signs in (snsapi_base: the member's userid, silently). */
export function wecomOAuthUrl(config: ImAppConfig, redirectUri: string, state: string): string {
  const url = new URL('/connect/oauth2/authorize', wecomHosts(config).oauth);
  url.searchParams.set('appid', config.corpId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'snsapi_base');
  url.searchParams.set('state', state);
  url.searchParams.set('agentid', config.agentId);
  return `${url.toString()}#wechat_redirect`;
}

/** The web login QR page for a kiosk or desktop (login_type CorpApp: a member of this corp, in this app). */
export function wecomQrLoginUrl(config: ImAppConfig, redirectUri: string, state: string): string {
  const url = new URL('/wwlogin/sso/login', wecomHosts(config).qrLogin);
  url.searchParams.set('login_type', 'CorpApp');
  url.searchParams.set('appid', config.corpId);
  url.searchParams.set('agentid', config.agentId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}

/** The member a sign-in code names: GET /cgi-bin/auth/getuserinfo?code → userid (an outsider has only openid). */
export async function wecomUserIdOfCode(
  ctx: ImAppsContext,
  config: ImAppConfig,
  code: string,
): Promise<string> {
  const body = await wecomCall(ctx, config, '/cgi-bin/auth/getuserinfo', { code });
  if (body.errcode !== 0)
    throw new AppError('ERR_SSO_TOKEN_INVALID', `wecom getuserinfo: ${String(body.errcode)}`);
  const userId = textField(body, 'userid');
  // Not a member of the corp (openid only): no campus account can be theirs.
  if (userId === null) throw new AppError('ERR_IM_ACCOUNT_UNLINKED');
  return userId;
}

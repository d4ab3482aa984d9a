import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';
import { SsoSecondFactorBody } from './sso.ts';

/** The workplace apps OpenSeal runs inside: WeChat Work (企业微信) and DingTalk (钉钉). */
export const IM_APPS = ['wecom', 'dingtalk'] as const;
export const ImApp = Type.Union([Type.Literal('wecom'), Type.Literal('dingtalk')]);
export type ImApp = Static<typeof ImApp>;

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** What the system admin saves. Secrets are write-only: left out, the stored ones stay. */
export const ImAppBody = Type.Object(
  {
    enabled: Type.Boolean(),
    /** WeCom corpid / DingTalk corpId. */
    corpId: Text(100),
    /** The app's AgentId (application messages are sent as it). */
    agentId: Type.String({ pattern: '^[0-9]{1,20}$' }),
    /** DingTalk's AppKey (Client ID); WeCom has none (the corp id and secret name the app). */
    appKey: Type.Optional(Text(100)),
    /** WeCom's app Secret / DingTalk's AppSecret (Client Secret). */
    secret: Type.Optional(Text(200)),
    /** The callback Token the vendor signs with. */
    callbackToken: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{1,64}$' })),
    /** The callback EncodingAESKey: 43 characters of base64 (a 32-byte AES key). */
    encodingAesKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}$' })),
    /** Where the vendor's API (and sign-in pages) are reached; null for the vendor's own hosts. */
    apiBaseUrl: Type.Union([Type.String({ pattern: '^https?://', maxLength: 300 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ImAppBody = Static<typeof ImAppBody>;

export const ImAppSettings = Type.Object(
  {
    app: ImApp,
    enabled: Type.Boolean(),
    corpId: Type.Union([Type.String(), Type.Null()]),
    agentId: Type.Union([Type.String(), Type.Null()]),
    appKey: Type.Union([Type.String(), Type.Null()]),
    /** Whether each secret is stored (their values never leave the server). */
    secretSet: Type.Boolean(),
    callbackTokenSet: Type.Boolean(),
    encodingAesKeySet: Type.Boolean(),
    apiBaseUrl: Type.Union([Type.String(), Type.Null()]),
    /** The paths to register at the vendor: the OAuth callback and the event callback. */
    signInCallbackPath: Type.String(),
    eventCallbackPath: Type.String(),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ImAppSettings = Static<typeof ImAppSettings>;

const AppParams = Type.Object({ app: ImApp });

export const listImAppSettingsRoute = {
  tags: ['integrations'],
  response: { 200: Type.Array(ImAppSettings), 401: ErrorBody, 403: ErrorBody },
};

export const saveImAppSettingsRoute = {
  tags: ['integrations'],
  params: AppParams,
  body: ImAppBody,
  response: { 200: ImAppSettings, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
};

/** The enabled apps, for the sign-in page's 扫码登录 buttons. */
export const imSignInAppsRoute = {
  tags: ['auth'],
  response: { 200: Type.Array(ImApp) },
};

export const ImSignInQuery = Type.Object(
  {
    /** `app`: the in-app browser's OAuth; `qr`: the vendor's QR page for a kiosk or desktop. */
    mode: Type.Optional(Type.Union([Type.Literal('app'), Type.Literal('qr')])),
    /** The console path to land on once signed in (a message's link). */
    next: Type.Optional(Type.String({ pattern: '^/[^/\\\\]', maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ImSignInQuery = Static<typeof ImSignInQuery>;

/** Answers 302 to the vendor's OAuth or QR page. */
export const imSignInStartRoute = {
  tags: ['auth'],
  params: AppParams,
  querystring: ImSignInQuery,
  response: { 404: ErrorBody },
};

/** The vendor sends the browser back with a code (DingTalk also names it authCode) and the state. */
export const imSignInCallbackRoute = {
  tags: ['auth'],
  params: AppParams,
  querystring: Type.Record(Type.String(), Type.String()),
};

export const ImSecondFactorAnswer = Type.Object(
  { /** The console path the sign-in was for. */ next: Type.String() },
  { additionalProperties: false },
);
export type ImSecondFactorAnswer = Static<typeof ImSecondFactorAnswer>;

/** After the app vouched for an account with a second factor (/login?im=totp): the code opens the session. */
export const imSecondFactorRoute = {
  tags: ['auth'],
  body: SsoSecondFactorBody,
  response: { 200: ImSecondFactorAnswer, 400: ErrorBody, 401: ErrorBody },
};

/** WeCom and DingTalk sign every callback: SHA-1 over the sorted token, timestamp, nonce and ciphertext. */
export const WecomCallbackQuery = Type.Object({
  msg_signature: Type.String({ maxLength: 100 }),
  timestamp: Type.String({ maxLength: 20 }),
  nonce: Type.String({ maxLength: 100 }),
  echostr: Type.Optional(Type.String({ maxLength: 2000 })),
});

/** WeCom's URL check: answers the decrypted echostr as plain text. */
export const wecomCallbackVerifyRoute = {
  tags: ['integrations'],
  querystring: WecomCallbackQuery,
  response: { 200: Type.String(), 401: ErrorBody },
};

/** A WeCom event (XML with an Encrypt element): answers "success". */
export const wecomCallbackRoute = {
  tags: ['integrations'],
  querystring: WecomCallbackQuery,
  body: Type.String({ maxLength: 100_000 }),
  response: { 200: Type.String(), 400: ErrorBody, 401: ErrorBody },
};

/** DingTalk names them signature and timestamp (older pushes: msg_signature and timeStamp). */
export const DingtalkCallbackQuery = Type.Object({
  signature: Type.Optional(Type.String({ maxLength: 100 })),
  msg_signature: Type.Optional(Type.String({ maxLength: 100 })),
  timestamp: Type.Optional(Type.String({ maxLength: 20 })),
  timeStamp: Type.Optional(Type.String({ maxLength: 20 })),
  nonce: Type.String({ maxLength: 100 }),
});
export type DingtalkCallbackQuery = Static<typeof DingtalkCallbackQuery>;

export const DingtalkEncrypted = Type.Object({ encrypt: Type.String({ maxLength: 100_000 }) });

/** DingTalk's answer: "success", encrypted and signed the same way. */
export const DingtalkCallbackAnswer = Type.Object(
  { msg_signature: Type.String(), timeStamp: Type.String(), nonce: Type.String(), encrypt: Type.String() },
  { additionalProperties: false },
);

export const dingtalkCallbackRoute = {
  tags: ['integrations'],
  querystring: DingtalkCallbackQuery,
  body: DingtalkEncrypted,
  response: { 200: DingtalkCallbackAnswer, 400: ErrorBody, 401: ErrorBody },
};

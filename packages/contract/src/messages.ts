// Messages: what people are told of outside the console (approval waiting, request decided, credential
// ready, contract to sign, risk alert), on the channels the school set up (email, WeChat Work,
// DingTalk). Each person chooses the language and which kinds reach them on which channel; the system
// admin configures the email channel's SMTP server (its password is write-only).
import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';

/** The events people are told of, on every channel they have not turned off. */
export const MESSAGE_KINDS = [
  'approval.waiting',
  'request.decided',
  'credential.ready',
  'contract.sign',
  'contract.update',
  'risk.alert',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MessageKind = Type.Union(MESSAGE_KINDS.map((k) => Type.Literal(k)));

export const CHANNEL_NAMES = ['email', 'wecom', 'dingtalk'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];
export const ChannelName = Type.Union(CHANNEL_NAMES.map((c) => Type.Literal(c)));

export const MessageLocale = Type.Union([Type.Literal('zh'), Type.Literal('en')]);
export type MessageLocale = Static<typeof MessageLocale>;

/** One kind on one channel: on unless the person turned it off. */
export const MessagePreference = Type.Object(
  { kind: MessageKind, channel: ChannelName, enabled: Type.Boolean() },
  { additionalProperties: false },
);
export type MessagePreference = Static<typeof MessagePreference>;

/** A person's own message settings, with the channels the school has switched on. */
export const MyMessageSettings = Type.Object(
  {
    locale: MessageLocale,
    /** The channels configured and enabled by the system admin: the others carry nothing. */
    channels: Type.Array(ChannelName),
    /** Every kind × channel, in MESSAGE_KINDS × CHANNEL_NAMES order. */
    preferences: Type.Array(MessagePreference),
    /** The address email goes to (from the account or the directory); null: email cannot reach them. */
    email: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type MyMessageSettings = Static<typeof MyMessageSettings>;

export const MyMessageSettingsBody = Type.Object(
  {
    locale: Type.Optional(MessageLocale),
    /** Only the pairs to change; the others keep their setting. */
    preferences: Type.Optional(Type.Array(MessagePreference, { maxItems: 64 })),
  },
  { additionalProperties: false },
);
export type MyMessageSettingsBody = Static<typeof MyMessageSettingsBody>;

export const getMyMessageSettingsRoute = {
  tags: ['messages'],
  response: { 200: MyMessageSettings, 401: ErrorBody },
};

export const putMyMessageSettingsRoute = {
  tags: ['messages'],
  body: MyMessageSettingsBody,
  response: { 200: MyMessageSettings, 400: ErrorBody, 401: ErrorBody },
};

/** How the connection to the SMTP server is secured. */
export const SmtpSecurity = Type.Union([
  /** Plain connection upgraded with STARTTLS (port 587); refused if the server does not offer it. */
  Type.Literal('starttls'),
  /** TLS from the first byte (port 465). */
  Type.Literal('tls'),
  /** No encryption: only for a relay on this machine or a trusted network. */
  Type.Literal('none'),
]);
export type SmtpSecurity = Static<typeof SmtpSecurity>;

const Host = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]+$' });
const MailAddress = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@<>]+@[^\\s@<>]+$' });

/** The SMTP settings as the system admin edits them. The password is write-only. */
export const SmtpSettingsBody = Type.Object(
  {
    enabled: Type.Boolean(),
    host: Host,
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    security: SmtpSecurity,
    /** Empty: the server takes mail without AUTH. */
    username: Type.String({ maxLength: 200 }),
    /** Sent to set or change it; left out to keep the stored one; "" removes it. Never returned. */
    password: Type.Optional(Type.String({ maxLength: 500 })),
    fromAddress: MailAddress,
    /** The sender's name shown in mail clients (e.g. 学校电子印章平台). */
    fromName: Type.String({ maxLength: 100 }),
    /** PEM of the CA that issued the server's certificate, when it is not publicly trusted. */
    caCertificate: Type.Optional(Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type SmtpSettingsBody = Static<typeof SmtpSettingsBody>;

export const SmtpSettings = Type.Object(
  {
    configured: Type.Boolean(),
    enabled: Type.Boolean(),
    host: Type.String(),
    port: Type.Integer(),
    security: SmtpSecurity,
    username: Type.String(),
    /** A password is stored (its value never leaves the server). */
    passwordSet: Type.Boolean(),
    fromAddress: Type.String(),
    fromName: Type.String(),
    caCertificate: Type.Union([Type.String(), Type.Null()]),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type SmtpSettings = Static<typeof SmtpSettings>;

export const SmtpTestBody = Type.Object({ to: MailAddress }, { additionalProperties: false });
export type SmtpTestBody = Static<typeof SmtpTestBody>;

/** The SMTP server's answer to the test message. */
export const SmtpTestResult = Type.Object({ response: Type.String() }, { additionalProperties: false });
export type SmtpTestResult = Static<typeof SmtpTestResult>;

export const getSmtpSettingsRoute = {
  tags: ['messages'],
  response: { 200: SmtpSettings, 401: ErrorBody, 403: ErrorBody },
};

export const putSmtpSettingsRoute = {
  tags: ['messages'],
  body: SmtpSettingsBody,
  response: { 200: SmtpSettings, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
};

export const testSmtpRoute = {
  tags: ['messages'],
  body: SmtpTestBody,
  response: {
    200: SmtpTestResult,
    400: ErrorBody,
    401: ErrorBody,
    403: ErrorBody,
    404: ErrorBody,
    502: ErrorBody,
  },
};

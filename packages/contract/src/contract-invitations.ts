// External signers (外部签署方): people outside the school named on a contract by name and phone or
// email. They are invited by a link, sign in with a one-time code sent to that phone or email, and
// reach only that contract. The SMS gateway the codes go through is a system setting; the demo's
// provider writes each text to an outbox the system admin reads (短信发件箱).
import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';
import { SealPlacement } from './seals.ts';

/** 中国大陆手机号: 11 digits starting 13–19. */
export const MAINLAND_MOBILE_PATTERN = '^1[3-9]\\d{9}$';
export const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';

/** The username prefix of an outside signer's account (`ext:` + random hex): never typed, never signed in with. */
export const EXTERNAL_USERNAME_PREFIX = 'ext:';

/** Who an external party is and how they are reached: at least one of phone and email. */
export const ExternalSignerInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    phone: Type.Optional(
      Type.String({ pattern: MAINLAND_MOBILE_PATTERN, description: 'Mainland mobile number' }),
    ),
    email: Type.Optional(Type.String({ pattern: EMAIL_PATTERN, maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type ExternalSignerInput = Static<typeof ExternalSignerInput>;

/** Custodies an external party may use: their browser's key or an event certificate (no UKey helper). */
export const ExternalCustody = Type.Union([Type.Literal('browser'), Type.Literal('event')]);

/** A person party outside the school: always checked by real name before signing. */
export const ExternalPartyInput = Type.Object(
  {
    kind: Type.Literal('person'),
    external: ExternalSignerInput,
    /** Default browser. */
    custody: Type.Optional(ExternalCustody),
    placement: Type.Optional(SealPlacement),
  },
  { additionalProperties: false },
);

/** The invitation token from the link (`/sign/<token>`): sent in the body so it never sits in an address log. */
const InvitationToken = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });

export const InvitationBody = Type.Object({ token: InvitationToken }, { additionalProperties: false });
export type InvitationBody = Static<typeof InvitationBody>;

export const InvitationView = Type.Object(
  {
    contractTitle: Type.String(),
    signerName: Type.String(),
    channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
    /** Where the code goes, masked: 138****1234 or a***@example.com. */
    contact: Type.String(),
  },
  { additionalProperties: false },
);
export type InvitationView = Static<typeof InvitationView>;

export const CodeSent = Type.Object(
  {
    contact: Type.String(),
    /** The code works until then (ISO 8601). */
    expiresAt: Type.String(),
    /** Seconds before another code may be asked for. */
    nextInSeconds: Type.Integer(),
  },
  { additionalProperties: false },
);
export type CodeSent = Static<typeof CodeSent>;

export const CodeSignInBody = Type.Object(
  { token: InvitationToken, code: Type.String({ pattern: '^\\d{6}$' }) },
  { additionalProperties: false },
);
export type CodeSignInBody = Static<typeof CodeSignInBody>;

export const CodeSignedIn = Type.Object(
  { contractId: Type.String(), csrfToken: Type.String() },
  { additionalProperties: false },
);
export type CodeSignedIn = Static<typeof CodeSignedIn>;

const publicErrors = { 400: ErrorBody, 410: ErrorBody, 429: ErrorBody };

export const openInvitationRoute = {
  summary: 'What an invitation link is for: the contract, the signer and where the code goes (masked)',
  tags: ['contracts'],
  body: InvitationBody,
  response: { 200: InvitationView, ...publicErrors },
};

export const sendInvitationCodeRoute = {
  summary: 'Send a six-digit one-time code to the invited phone or email (one a minute, five an hour)',
  tags: ['contracts'],
  body: InvitationBody,
  response: { 200: CodeSent, ...publicErrors },
};

export const invitationSignInRoute = {
  summary:
    "Sign in with the one-time code: a session that reaches this contract only (cookie), and the contract's id",
  tags: ['contracts'],
  body: CodeSignInBody,
  response: { 200: CodeSignedIn, ...publicErrors },
};

/** demo: texts go to the outbox the admin reads; http: POST {to, text} to a gateway with a bearer secret. */
export const SMS_PROVIDERS = ['demo', 'http'] as const;
export const SmsProviderName = Type.Union(SMS_PROVIDERS.map((p) => Type.Literal(p)));

export const SmsSettings = Type.Object(
  {
    configured: Type.Boolean(),
    provider: Type.Union([SmsProviderName, Type.Null()]),
    url: Type.Union([Type.String(), Type.Null()]),
    secretSet: Type.Boolean(),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type SmsSettings = Static<typeof SmsSettings>;

export const SmsSettingsBody = Type.Object(
  {
    provider: SmsProviderName,
    /** http: the gateway's HTTPS address. */
    url: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://' })),
    /** http: the bearer secret; absent keeps the stored one. Never returned. */
    secret: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SmsSettingsBody = Static<typeof SmsSettingsBody>;

export const SmsOutboxPage = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { at: Type.String(), to: Type.String(), text: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SmsOutboxPage = Static<typeof SmsOutboxPage>;

const adminErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export const getSmsSettingsRoute = {
  summary: 'The SMS gateway (its secret never returned)',
  tags: ['messages'],
  response: { 200: SmsSettings, ...adminErrors },
};

export const putSmsSettingsRoute = {
  summary: 'Choose the SMS gateway: the demo outbox or a generic HTTP gateway',
  tags: ['messages'],
  body: SmsSettingsBody,
  response: { 200: SmsSettings, ...adminErrors },
};

export const smsOutboxRoute = {
  summary: "The demo SMS provider's outbox (短信发件箱, demo), newest first: the last 50 texts",
  tags: ['messages'],
  response: { 200: SmsOutboxPage, ...adminErrors },
};

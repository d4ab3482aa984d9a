// Webhooks: the system admin subscribes a receiver's URL to integration events; each event is POSTed
// as JSON, signed with the subscription's secret (docs/webhooks.md shows how a receiver verifies it).
import { type Static, Type } from '@sinclair/typebox';
import { denied, ErrorBody } from './error-body.ts';

/** The events a subscriber may ask for; contract events join this list when contracts arrive. */
export const WEBHOOK_EVENT_TYPES = [
  'request.submitted',
  'request.decided',
  'document.sealed',
  'credential.issued',
  'credential.revoked',
  'risk.alert_raised',
  /** A service API batch (后台批量签) finished: counts of sealed and failed files. */
  'batch.completed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const WebhookEventType = Type.Union(WEBHOOK_EVENT_TYPES.map((t) => Type.Literal(t)));

export const WebhookSubscription = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    description: Type.String(),
    events: Type.Array(WebhookEventType),
    enabled: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type WebhookSubscription = Static<typeof WebhookSubscription>;

/** The answer to creating a subscription: the only time its secret is ever shown. */
export const CreatedWebhookSubscription = Type.Object(
  { subscription: WebhookSubscription, secret: Type.String() },
  { additionalProperties: false },
);
export type CreatedWebhookSubscription = Static<typeof CreatedWebhookSubscription>;

const WebhookUrl = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' });
const EventList = Type.Array(WebhookEventType, { minItems: 1, uniqueItems: true });

export const CreateWebhookBody = Type.Object(
  { url: WebhookUrl, description: Type.String({ maxLength: 200 }), events: EventList },
  { additionalProperties: false },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(WebhookUrl),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    events: Type.Optional(EventList),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const WebhookDeliveryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);
export type WebhookDeliveryStatus = Static<typeof WebhookDeliveryStatus>;

export const WebhookAttempt = Type.Object(
  {
    attempt: Type.Integer(),
    at: Type.String(),
    statusCode: Type.Union([Type.Integer(), Type.Null()]),
    durationMs: Type.Integer(),
    error: Type.Union([Type.String(), Type.Null()]),
    /** The start of the receiver's answer (at most 1,000 characters). */
    responseBody: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type WebhookAttempt = Static<typeof WebhookAttempt>;

export const WebhookDelivery = Type.Object(
  {
    id: Type.String(),
    subscriptionId: Type.String(),
    eventId: Type.String(),
    eventType: Type.String(),
    status: WebhookDeliveryStatus,
    attempts: Type.Array(WebhookAttempt),
    nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookAllowedHosts = Type.Object(
  {
    /** Host names or addresses allowed to resolve to private, loopback or link-local addresses. */
    hosts: Type.Array(Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\-\\[\\]]+$' }), {
      maxItems: 100,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);
export type WebhookAllowedHosts = Static<typeof WebhookAllowedHosts>;

const WebhookIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const tags = ['integrations'];

export const listWebhooksRoute = {
  summary: 'Webhook subscriptions (secrets never shown)',
  tags,
  response: { 200: Type.Array(WebhookSubscription), ...denied },
} as const;

export const createWebhookRoute = {
  summary: 'Subscribe a receiver; the answer carries its signing secret, shown this once',
  tags,
  body: CreateWebhookBody,
  response: { 201: CreatedWebhookSubscription, 400: ErrorBody, ...denied },
} as const;

export const updateWebhookRoute = {
  summary: 'Change, enable or disable a subscription',
  tags,
  params: WebhookIdParams,
  body: UpdateWebhookBody,
  response: { 200: WebhookSubscription, 400: ErrorBody, ...denied },
} as const;

export const listWebhookDeliveriesRoute = {
  summary: "A subscription's latest deliveries, each with its attempts",
  tags,
  params: WebhookIdParams,
  response: { 200: Type.Array(WebhookDelivery), ...denied },
} as const;

export const redeliverWebhookRoute = {
  summary: 'Send a delivery again now',
  tags,
  params: WebhookIdParams,
  response: { 200: WebhookDelivery, ...denied },
} as const;

export const getWebhookHostsRoute = {
  summary: 'Hosts allowed to receive webhooks on private or loopback addresses',
  tags,
  response: { 200: WebhookAllowedHosts, ...denied },
} as const;

export const putWebhookHostsRoute = {
  summary: 'Replace the hosts allowed to receive webhooks on private or loopback addresses',
  tags,
  body: WebhookAllowedHosts,
  response: { 200: WebhookAllowedHosts, 400: ErrorBody, ...denied },
} as const;

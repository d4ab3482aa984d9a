import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { Resolve } from './webhooks/address-guard.ts';
import type { RetrySchedule } from './webhooks/retry-schedule.ts';

/** What the webhook service and its worker are given (STYLE 11: clock, DNS and backoff passed in). */
export interface IntegrationsContext {
  db: Kysely<Database>;
  /** Seals and opens the subscriptions' signing secrets under the KEK. */
  secrets: SecretBox;
  clock: () => Date;
  resolve: Resolve;
  retry: RetrySchedule;
  /** How long a receiver has to answer one POST. */
  timeoutMs: number;
}

/** The associated data binding a webhook secret to its subscription's row. */
export const webhookSecretOwner = (id: string) => `webhook:${id}`;

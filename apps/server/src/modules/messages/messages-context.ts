import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RetrySchedule } from '../integrations/webhooks/retry-schedule.ts';
import type { MessageChannel } from './channel.ts';

/** What the messages module is given (STYLE 11: clock, channels and backoff passed in). */
export interface MessagesContext {
  db: Kysely<Database>;
  clock: () => Date;
  /** The console's public address: every message links to a page under it. */
  publicUrl: string;
  /** The channels built in app.ts; a kind reaches a person on each one enabled and not turned off. */
  channels: readonly MessageChannel[];
  retry: RetrySchedule;
}

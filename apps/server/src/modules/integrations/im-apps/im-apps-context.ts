import type { ImApp } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { SecretBox } from '../../auth/secret-box.ts';
import { type AccessTokenCache, accessTokenCache } from './access-token-cache.ts';

/**
 * Disables a person the vendor's directory says has left, by the directory module's leaver path (their
 * grants and delegations end, their open requests are flagged). Passed in by app.ts: the directory and
 * approvals modules depend on this one (the events outbox), so it cannot import them.
 */
export type DisableLeaver = (userId: string, who: { actor: string; requestId: string }) => Promise<void>;

/** What WeChat Work and DingTalk sign-in, messages and callbacks are given (STYLE 11). */
export interface ImAppsContext {
  db: Kysely<Database>;
  /** Seals and opens the apps' secrets, callback tokens and AES keys under the KEK. */
  secrets: SecretBox;
  clock: () => Date;
  /** The vendors' API is reached through it (tests may wrap it). */
  fetch: typeof fetch;
  tokens: AccessTokenCache;
  disableLeaver: DisableLeaver;
  /** How long one call to a vendor may take. */
  timeoutMs: number;
}

export function imAppsContext(
  deps: Pick<ImAppsContext, 'db' | 'secrets' | 'clock' | 'disableLeaver'> & Partial<ImAppsContext>,
): ImAppsContext {
  return {
    fetch: globalThis.fetch,
    tokens: accessTokenCache(deps.clock),
    timeoutMs: 10_000,
    ...deps,
  };
}

/** The associated data binding each boxed secret to its app's row and purpose. */
export const imSecretOwner = (app: ImApp, purpose: 'secret' | 'token' | 'aes') => `im:${app}:${purpose}`;

// Fees and quotas for credentials people ask for themselves. The portal asks the policy before it
// issues; the print kiosk (a later channel) charges through the same hook with its own policy.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

export type IssueChannel = 'portal' | 'kiosk';

export interface IssueAsk {
  subject: string;
  typeCode: string;
  channel: IssueChannel;
  now: Date;
}

/** Throws an AppError to refuse (quota used up, fee unpaid); resolves when the credential may be issued. */
export interface IssuePolicy {
  check(db: Kysely<Database>, ask: IssueAsk): Promise<void>;
}

/**
 * Free, up to `perDay` credentials of one type per person per UTC day: enough for every genuine need
 * (one per application), and a brake on a script or a stolen session issuing thousands.
 */
export function dailyQuotaPolicy(perDay: number): IssuePolicy {
  return {
    async check(db, ask) {
      const dayStart = `${ask.now.toISOString().slice(0, 10)}T00:00:00.000Z`;
      const { n } = await db
        .selectFrom('credentials')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subject', '=', ask.subject)
        .where('type_code', '=', ask.typeCode)
        .where('job_id', 'is', null)
        .where('issued_at', '>=', dayStart)
        .executeTakeFirstOrThrow();
      if (Number(n) >= perDay)
        throw new AppError('ERR_PORTAL_QUOTA', `${perDay} ${ask.typeCode} credentials today already`);
    },
  };
}

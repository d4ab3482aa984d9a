// How a module reaches people who have no console account to be notified on (external signers): a
// text through the SMS provider set up now, or an email through the configured SMTP server. Built
// here and handed in by the app, so the contracts module needs no import of this one.
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { SecretBox } from '../../auth/secret-box.ts';
import type { OutgoingMessage } from '../channel.ts';
import { sendEmail, smtpFailure } from '../email/email-channel.ts';
import { emailContent } from '../email/email-content.ts';
import { readSmtpSettings } from '../email/smtp-settings.ts';
import type { SmsProvider } from './sms-provider.ts';
import { currentSmsProvider } from './sms-settings.ts';

export interface OutsideSenders {
  /** The SMS provider now (the admin's choice), or null when none is set up. */
  sms(): Promise<SmsProvider | null>;
  /** One message by email, in Chinese with its English beside it; the error in words, or null when it went. */
  email(to: string, message: OutgoingMessage): Promise<string | null>;
}

export function outsideSenders(
  db: Kysely<Database>,
  secrets: SecretBox,
  opts: { clock: () => Date; demo: boolean },
): OutsideSenders {
  return {
    sms: () => currentSmsProvider(db, secrets, opts),
    async email(to, message) {
      const smtp = await readSmtpSettings(db);
      if (smtp?.enabled !== 1) return 'no email server is set up';
      try {
        await sendEmail(smtp, secrets, to, emailContent(message, 'zh'));
        return null;
      } catch (e) {
        return smtpFailure(e).error;
      }
    },
  };
}

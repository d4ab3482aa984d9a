// Every column of KEK-boxed secrets, gathered from the modules that own them, so the start-up rewrite
// after a crypto-mode switch (db/reseal-column.ts) leaves none behind in the old mode. A module that
// boxes a new secret adds its column here.
import type { BoxedColumn } from './db/reseal-column.ts';
import { AUTH_BOXED_COLUMNS } from './modules/auth/secret-rewrite.ts';
import { DIRECTORY_BOXED_COLUMNS } from './modules/directory/directory-config.ts';
import { IM_APP_BOXED_COLUMNS } from './modules/integrations/im-apps/im-app-settings.ts';
import { WEBHOOK_BOXED_COLUMNS } from './modules/integrations/webhooks/subscriptions-service.ts';
import { MESSAGES_BOXED_COLUMNS } from './modules/messages/email/smtp-settings.ts';
import { SMS_BOXED_COLUMNS } from './modules/messages/sms/sms-settings.ts';

export const BOXED_SECRETS: readonly BoxedColumn[] = [
  ...AUTH_BOXED_COLUMNS,
  ...DIRECTORY_BOXED_COLUMNS,
  ...WEBHOOK_BOXED_COLUMNS,
  ...IM_APP_BOXED_COLUMNS,
  ...MESSAGES_BOXED_COLUMNS,
  ...SMS_BOXED_COLUMNS,
];

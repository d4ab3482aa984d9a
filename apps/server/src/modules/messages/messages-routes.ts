import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { exponentialBackoff, type RetrySchedule } from '../integrations/webhooks/retry-schedule.ts';
import type { MessageChannel } from './channel.ts';
import { readSmtpSettings, saveSmtpSettings, smtpSettingsView } from './email/smtp-settings.ts';
import { sendTestEmail } from './email/smtp-test.ts';
import { runMessages } from './message-queue.ts';
import type { MessagesContext } from './messages-context.ts';
import { myMessageSettings, saveMyMessageSettings } from './preferences-service.ts';

/** How the messages worker runs; every field has a default. */
export interface MessagesOptions {
  /** How often the sources and the due messages are looked at; default 5 s. */
  pollMs: number;
  retry: RetrySchedule;
}

export interface MessagesRoutesOptions {
  clock: () => Date;
  secrets: SecretBox;
  publicUrl: string;
  /** Every channel the server carries messages on (email, WeChat Work, DingTalk), built in app.ts. */
  channels: readonly MessageChannel[];
  messages?: Partial<MessagesOptions>;
}

function who(req: FastifyRequest) {
  return { ...auditActor(req), actor: (req.actor as Actor).username };
}

/** Messages: each person's own settings, the system admin's SMTP server, and the worker on the jobs timer. */
export const messagesRoutes: FastifyPluginAsync<MessagesRoutesOptions> = async (
  app,
  { clock, secrets, publicUrl, channels, messages = {} },
) => {
  const ctx: MessagesContext = {
    db: app.db,
    clock,
    publicUrl,
    channels,
    retry: messages.retry ?? exponentialBackoff(),
  };
  app.jobs.every('messages', messages.pollMs ?? 5_000, () => runMessages(ctx));
  serveRoutes(app, {
    getMyMessageSettings: (req) => myMessageSettings(ctx, (req.actor as Actor).userId),
    putMyMessageSettings: (req) => saveMyMessageSettings(ctx, (req.actor as Actor).userId, req.body),
    getSmtpSettings: async () => smtpSettingsView(await readSmtpSettings(app.db)),
    putSmtpSettings: (req) => saveSmtpSettings(app.db, secrets, req.body, who(req), clock()),
    testSmtp: (req) => sendTestEmail(app.db, secrets, req.body.to, who(req), clock),
  });
};

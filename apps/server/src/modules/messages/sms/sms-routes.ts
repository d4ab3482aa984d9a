import type { FastifyPluginAsync } from 'fastify';
import { auditActor } from '../../../plugins/authorize.ts';
import { serveRoutes } from '../../../plugins/serve-routes.ts';
import type { Actor } from '../../../plugins/session.ts';
import type { SecretBox } from '../../auth/secret-box.ts';
import { smsOutbox } from './demo-sms.ts';
import { saveSmsSettings, smsSettings } from './sms-settings.ts';

export interface SmsRoutesOptions {
  clock: () => Date;
  secrets: SecretBox;
}

/** The SMS gateway setting and the demo outbox, for the system admin. */
export const smsRoutes: FastifyPluginAsync<SmsRoutesOptions> = async (app, opts) => {
  serveRoutes(app, {
    getSmsSettings: () => smsSettings(app.db),
    putSmsSettings: (req) =>
      saveSmsSettings(
        app.db,
        opts.secrets,
        req.body,
        { ...auditActor(req), actor: (req.actor as Actor).username },
        opts.clock(),
      ),
    smsOutbox: () => smsOutbox(app.db),
  });
};

import { AppError } from '../../../errors.ts';
import type { MessageChannel, OutgoingMessage, Recipient, SendOutcome } from '../../messages/channel.ts';
import { vendorUserIdOf } from '../im-apps/im-app-links.ts';
import { enabledImApp } from '../im-apps/im-app-settings.ts';
import type { ImAppsContext } from '../im-apps/im-apps-context.ts';
import { signedInLink } from '../im-apps/im-sign-in.ts';
import { wecomCall } from './wecom-client.ts';

/** Busy (-1) and over the frequency limit (45009, 45033): worth trying later. */
const TRANSIENT = new Set([-1, 45009, 45033]);

/** textcard's description is at most 512 bytes; its markup is a few HTML tags, so text is escaped. */
export function textcardDescription(body: string): string {
  const escaped = body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  for (const ch of escaped) {
    if (Buffer.byteLength(out + ch) > 500) return `${out}…`;
    out += ch;
  }
  return out;
}

/** WeChat Work application messages: one textcard (title, text, the link to act on) per person. */
export function wecomChannel(ctx: ImAppsContext): MessageChannel {
  return {
    name: 'wecom',
    enabled: async () => (await enabledImApp(ctx.db, ctx.secrets, 'wecom')) !== null,
    async send(to: Recipient, message: OutgoingMessage): Promise<SendOutcome> {
      const config = await enabledImApp(ctx.db, ctx.secrets, 'wecom');
      if (!config) return { ok: false, retry: false, error: 'WeChat Work is not enabled' };
      const touser = await vendorUserIdOf(ctx.db, 'wecom', to);
      if (touser === null) return { ok: false, retry: false, error: 'no WeChat Work user id or campus ID' };
      try {
        const body = await wecomCall(
          ctx,
          config,
          '/cgi-bin/message/send',
          {},
          {
            touser,
            msgtype: 'textcard',
            agentid: Number(config.agentId),
            textcard: {
              title: message.title.slice(0, 128),
              description: textcardDescription(message.body),
              url: signedInLink('wecom', message.link),
              btntxt: to.locale === 'zh' ? '详情' : 'Open',
            },
          },
        );
        const code = Number(body.errcode);
        if (code !== 0)
          return { ok: false, retry: TRANSIENT.has(code), error: `wecom ${code} ${String(body.errmsg)}` };
        // errcode 0 with the user listed as invalid: the vendor took the call but reached nobody.
        if (typeof body.invaliduser === 'string' && body.invaliduser !== '')
          return { ok: false, retry: false, error: `wecom: ${touser} is not a member reachable by the app` };
        return { ok: true };
      } catch (err) {
        if (err instanceof AppError) return { ok: false, retry: true, error: err.message };
        throw err;
      }
    },
  };
}

import { AppError } from '../../../errors.ts';
import type { MessageChannel, OutgoingMessage, Recipient, SendOutcome } from '../../messages/channel.ts';
import { vendorUserIdOf } from '../im-apps/im-app-links.ts';
import { enabledImApp } from '../im-apps/im-app-settings.ts';
import type { ImAppsContext } from '../im-apps/im-apps-context.ts';
import { signedInLink } from '../im-apps/im-sign-in.ts';
import { dingtalkOapi } from './dingtalk-client.ts';

/** Busy (-1) and flow control (90018 etc. in the 9xxxx range are per-app limits): worth trying later. */
const transient = (code: number) => code === -1 || (code >= 90000 && code < 91000);

/** Markdown's own characters in a line of text, escaped so a name cannot turn into a link. */
const markdownText = (text: string) => text.replace(/([\\`*_[\]()#>!|])/g, '\\$1');

/** DingTalk work notifications (工作通知): one action card (title, text, a button to the link) per person. */
export function dingtalkChannel(ctx: ImAppsContext): MessageChannel {
  return {
    name: 'dingtalk',
    enabled: async () => (await enabledImApp(ctx.db, ctx.secrets, 'dingtalk')) !== null,
    async send(to: Recipient, message: OutgoingMessage): Promise<SendOutcome> {
      const config = await enabledImApp(ctx.db, ctx.secrets, 'dingtalk');
      if (!config) return { ok: false, retry: false, error: 'DingTalk is not enabled' };
      const userid = await vendorUserIdOf(ctx.db, 'dingtalk', to);
      if (userid === null) return { ok: false, retry: false, error: 'no DingTalk user id or campus ID' };
      try {
        const body = await dingtalkOapi(ctx, config, '/topapi/message/corpconversation/asyncsend_v2', {
          agent_id: Number(config.agentId),
          userid_list: userid,
          msg: {
            msgtype: 'action_card',
            action_card: {
              title: message.title,
              markdown: `### ${markdownText(message.title)}\n\n${markdownText(message.body)}`,
              single_title: to.locale === 'zh' ? '查看详情' : 'Open',
              single_url: signedInLink('dingtalk', message.link),
            },
          },
        });
        const code = Number(body.errcode);
        if (code !== 0)
          return { ok: false, retry: transient(code), error: `dingtalk ${code} ${String(body.errmsg)}` };
        return { ok: true };
      } catch (err) {
        if (err instanceof AppError) return { ok: false, retry: true, error: err.message };
        throw err;
      }
    },
  };
}

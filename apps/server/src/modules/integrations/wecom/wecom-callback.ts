import { AppError } from '../../../errors.ts';
import { callbackKeys, openCallback } from '../im-apps/callback-crypto.ts';
import { linkedAccount } from '../im-apps/im-app-links.ts';
import type { ImAppConfig } from '../im-apps/im-app-settings.ts';
import type { ImAppsContext } from '../im-apps/im-apps-context.ts';
import { wecomXmlFields } from './wecom-xml.ts';

export interface WecomSigned {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

/** The URL check when the admin saves the callback in WeCom's console: the echostr, decrypted. */
export function verifyWecomCallbackUrl(
  config: ImAppConfig,
  query: WecomSigned & { echostr?: string },
): string {
  if (query.echostr === undefined) throw new AppError('ERR_IM_CALLBACK_SIGNATURE', 'no echostr');
  return openCallback(
    { ...callbackKeys(config), receiverIds: [config.corpId] },
    {
      signature: query.msg_signature,
      timestamp: query.timestamp,
      nonce: query.nonce,
      ciphertext: query.echostr,
    },
  );
}

/** Member status in a change_contact update: 2 disabled, 5 left the corp (通讯录回调通知). */
const GONE_STATUS = new Set(['2', '5']);

/**
 * A WeCom event: verified and decrypted, then acted on. Handled: change_contact when a member is
 * deleted or disabled, which disables the linked OpenSeal account by the leaver path. Other events are
 * acknowledged and ignored. Returns what was done, for the log.
 */
export async function handleWecomEvent(
  ctx: ImAppsContext,
  config: ImAppConfig,
  query: WecomSigned,
  xml: string,
  requestId: string,
): Promise<string> {
  const ciphertext = wecomXmlFields(xml).get('Encrypt');
  if (ciphertext === undefined) throw new AppError('ERR_IM_CALLBACK_SIGNATURE', 'no Encrypt element');
  const event = wecomXmlFields(
    openCallback(
      { ...callbackKeys(config), receiverIds: [config.corpId] },
      { signature: query.msg_signature, timestamp: query.timestamp, nonce: query.nonce, ciphertext },
    ),
  );
  if (event.get('Event') !== 'change_contact') return `ignored ${event.get('Event') ?? event.get('MsgType')}`;
  const change = event.get('ChangeType');
  const wecomUserId = event.get('UserID');
  const gone =
    change === 'delete_user' || (change === 'update_user' && GONE_STATUS.has(event.get('Status') ?? ''));
  if (!gone || wecomUserId === undefined) return `ignored change_contact ${change}`;
  const userId = await linkedAccount(ctx.db, 'wecom', wecomUserId, [wecomUserId], ctx.clock());
  if (userId === null) return 'ignored change_contact for an unknown member';
  await ctx.disableLeaver(userId, { actor: 'wecom', requestId });
  return `disabled user:${userId}`;
}

import { randomBytes } from 'node:crypto';
import type { DingtalkCallbackQuery } from '@openseal/contract';
import { AppError } from '../../../errors.ts';
import { callbackKeys, openCallback, sealCallbackAnswer } from '../im-apps/callback-crypto.ts';
import { linkedAccount } from '../im-apps/im-app-links.ts';
import type { ImAppConfig } from '../im-apps/im-app-settings.ts';
import type { ImAppsContext } from '../im-apps/im-apps-context.ts';

/**
 * A DingTalk event subscription callback (HTTP push): verified and decrypted (an internal app's events
 * are made for its AppKey, older corp-level ones for the corp id), then acted on. Handled:
 * user_leave_org disables each linked account by the leaver path; check_url and others are only
 * acknowledged. The answer is "success", encrypted and signed as DingTalk requires.
 */
export async function handleDingtalkEvent(
  ctx: ImAppsContext,
  config: ImAppConfig,
  query: DingtalkCallbackQuery,
  ciphertext: string,
  requestId: string,
): Promise<{ msg_signature: string; timeStamp: string; nonce: string; encrypt: string }> {
  const keys = callbackKeys(config);
  const receiverIds = [config.appKey, config.corpId].filter((id): id is string => id !== null);
  const signature = query.signature ?? query.msg_signature;
  const timestamp = query.timestamp ?? query.timeStamp;
  if (signature === undefined || timestamp === undefined)
    throw new AppError('ERR_IM_CALLBACK_SIGNATURE', 'no signature or timestamp');
  const plain = openCallback(
    { ...keys, receiverIds },
    { signature, timestamp, nonce: query.nonce, ciphertext },
  );
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(plain) as Record<string, unknown>;
  } catch {
    throw new AppError('ERR_BAD_REQUEST', 'dingtalk event is not JSON');
  }
  if (event.EventType === 'user_leave_org' && Array.isArray(event.UserId)) {
    for (const dingUserId of event.UserId.filter((u): u is string => typeof u === 'string')) {
      const userId = await linkedAccount(ctx.db, 'dingtalk', dingUserId, [dingUserId], ctx.clock());
      if (userId !== null) await ctx.disableLeaver(userId, { actor: 'dingtalk', requestId });
    }
  }
  const timeStamp = String(ctx.clock().getTime());
  const nonce = randomBytes(8).toString('hex');
  const answer = sealCallbackAnswer(
    { ...keys, receiverId: receiverIds[0] as string },
    'success',
    timeStamp,
    nonce,
  );
  return { msg_signature: answer.signature, timeStamp, nonce, encrypt: answer.ciphertext };
}

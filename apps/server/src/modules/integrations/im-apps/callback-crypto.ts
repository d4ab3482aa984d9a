import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { AppError } from '../../../errors.ts';

/**
 * The callback scheme WeChat Work and DingTalk share: the signature is SHA-1 over the sorted token,
 * timestamp, nonce and ciphertext; the ciphertext is AES-256-CBC under the EncodingAESKey of random(16)
 * ‖ length(4) ‖ message ‖ receiver id. A bad signature, a ciphertext that does not open, or one made
 * for another receiver is ERR_IM_CALLBACK_SIGNATURE.
 */
export function openCallback(
  keys: { token: string; encodingAesKey: string; receiverIds: readonly string[] },
  signed: { signature: string; timestamp: string; nonce: string; ciphertext: string },
): string {
  const expected = Buffer.from(getSignature(keys.token, signed.timestamp, signed.nonce, signed.ciphertext));
  const given = Buffer.from(signed.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new AppError('ERR_IM_CALLBACK_SIGNATURE', 'callback signature mismatch');
  let opened: { message: string; id: string };
  try {
    opened = decrypt(keys.encodingAesKey, signed.ciphertext);
  } catch {
    throw new AppError('ERR_IM_CALLBACK_SIGNATURE', 'callback ciphertext does not decrypt');
  }
  if (!keys.receiverIds.includes(opened.id))
    throw new AppError('ERR_IM_CALLBACK_SIGNATURE', 'callback made for another receiver');
  return opened.message;
}

/** An answer sealed the same way (DingTalk wants its "success" encrypted and signed). */
export function sealCallbackAnswer(
  keys: { token: string; encodingAesKey: string; receiverId: string },
  message: string,
  timestamp: string,
  nonce: string,
): { ciphertext: string; signature: string } {
  const ciphertext = encrypt(keys.encodingAesKey, message, keys.receiverId);
  return { ciphertext, signature: getSignature(keys.token, timestamp, nonce, ciphertext) };
}

/** The callback keys of an app, or ERR_IM_CALLBACK_SIGNATURE when it has none (nothing can verify). */
export function callbackKeys(config: { callbackToken: string | null; encodingAesKey: string | null }) {
  if (config.callbackToken === null || config.encodingAesKey === null)
    throw new AppError('ERR_IM_CALLBACK_SIGNATURE', 'no callback token or EncodingAESKey configured');
  return { token: config.callbackToken, encodingAesKey: config.encodingAesKey };
}

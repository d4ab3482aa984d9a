// What a message channel (email, WeChat Work, DingTalk) is given and answers. The messages module
// decides who hears of what, in which language, and keeps the queue and its retries; a channel only
// carries one message to one person and says how it went.
import type { ChannelName, MessageKind } from '@openseal/contract';

/** The events people are told of, and the channels (one list each, in the contract). */
export { CHANNEL_NAMES, type ChannelName, MESSAGE_KINDS, type MessageKind } from '@openseal/contract';

/** One message, already in the recipient's language. */
export interface OutgoingMessage {
  kind: MessageKind;
  title: string;
  /** Plain text, a few lines: what happened and what to do. Never document contents. */
  body: string;
  /** Absolute address of the console page that acts on it (opened in the app's own browser). */
  link: string;
}

/** The person a message goes to, as the channel needs to reach them. */
export interface Recipient {
  userId: string;
  displayName: string;
  /** 学号/工号; WeChat Work and DingTalk user ids are matched on it unless a linked id is known. */
  campusId: string | null;
  email: string | null;
  locale: 'zh' | 'en';
}

export type SendOutcome =
  | { ok: true }
  /** `retry: false` when trying again cannot help (no address for this person, refused by the vendor). */
  | { ok: false; retry: boolean; error: string };

export interface MessageChannel {
  readonly name: ChannelName;
  /** Whether the admin has configured and enabled it. */
  enabled(): Promise<boolean>;
  send(to: Recipient, message: OutgoingMessage): Promise<SendOutcome>;
}

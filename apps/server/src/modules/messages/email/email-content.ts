// A message as an email: a plain-text part and a simple HTML part (one heading, the text, a button
// to the console page), in the recipient's language. Every value is escaped into the HTML.
import type { MessageLocale } from '@openseal/contract';
import type { OutgoingMessage } from '../channel.ts';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const WORDS = {
  zh: {
    open: '打开处理',
    footer: '此邮件由学校电子印章平台自动发送，请勿回复。可在“消息通知”中设置接收哪些消息。',
  },
  en: {
    open: 'Open in OpenSeal',
    footer:
      'Sent automatically by the school’s e-seal platform; do not reply. Choose which messages you get under “Notifications”.',
  },
} as const;

export function emailContent(message: OutgoingMessage, locale: MessageLocale): EmailContent {
  const w = WORDS[locale];
  const text = `${message.body}\n\n${message.link}\n\n--\n${w.footer}\n`;
  const html = [
    '<!doctype html>',
    `<html lang="${locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escapeHtml(message.title)}</title></head>`,
    "<body style=\"font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#1f1f1f;line-height:1.6\">",
    `<h2 style="font-size:18px">${escapeHtml(message.title)}</h2>`,
    `<p>${escapeHtml(message.body)}</p>`,
    `<p><a href="${escapeHtml(message.link)}" style="display:inline-block;padding:8px 16px;background:#1677ff;color:#fff;border-radius:6px;text-decoration:none">${w.open}</a></p>`,
    `<p style="font-size:12px;color:#8c8c8c">${escapeHtml(message.link)}<br>${w.footer}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: message.title, text, html };
}

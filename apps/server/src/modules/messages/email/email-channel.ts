// The email channel: one message to one person through the configured SMTP server (nodemailer), as
// text and HTML. A refusal the server marks permanent (5xx) or a person without an address is not
// retried; a connection or temporary failure (4xx) is.
import type { Kysely, Selectable } from 'kysely';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Database, SmtpSettingsTable } from '../../../db/schema.ts';
import type { SecretBox } from '../../auth/secret-box.ts';
import type { MessageChannel, OutgoingMessage, SendOutcome } from '../channel.ts';
import { emailContent } from './email-content.ts';
import { readSmtpSettings, smtpPasswordOwner } from './smtp-settings.ts';

/** How long the server has to answer at each step; a hung server must not hold the worker. */
const TIMEOUT_MS = 15_000;

function transportOptions(row: Selectable<SmtpSettingsTable>, secrets: SecretBox): SMTPTransport.Options {
  return {
    host: row.host,
    port: row.port,
    // 'tls': TLS from the first byte; 'starttls': the upgrade is required, never silently skipped.
    secure: row.security === 'tls',
    requireTLS: row.security === 'starttls',
    ignoreTLS: row.security === 'none',
    ...(row.username
      ? {
          auth: {
            user: row.username,
            ...(row.password_box ? { pass: secrets.open(smtpPasswordOwner(row.id), row.password_box) } : {}),
          },
        }
      : {}),
    ...(row.ca_certificate ? { tls: { ca: row.ca_certificate } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  };
}

/** The SMTP server's answer to a sent message ("250 OK id=…"). */
export async function sendEmail(
  row: Selectable<SmtpSettingsTable>,
  secrets: SecretBox,
  to: string,
  content: { subject: string; text: string; html: string },
): Promise<string> {
  const transport = nodemailer.createTransport(transportOptions(row, secrets));
  try {
    const info = await transport.sendMail({
      from: { name: row.from_name, address: row.from_address },
      to,
      subject: content.subject,
      text: content.text,
      html: content.html,
    });
    return info.response;
  } finally {
    transport.close();
  }
}

/** Whether an SMTP failure may pass if tried again: not when the server refused for good (5xx). */
export function smtpFailure(err: unknown): { retry: boolean; error: string } {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
  // The server's own words, never the options (which hold the password).
  const error = e.response ?? `${e.code ?? 'ERROR'}: ${e.message ?? String(err)}`;
  return { retry: !permanent, error };
}

export function emailChannel(db: Kysely<Database>, secrets: SecretBox): MessageChannel {
  return {
    name: 'email',
    async enabled() {
      return (await readSmtpSettings(db))?.enabled === 1;
    },
    async send(to, message: OutgoingMessage): Promise<SendOutcome> {
      if (!to.email) return { ok: false, retry: false, error: 'the account has no email address' };
      const row = await readSmtpSettings(db);
      if (row?.enabled !== 1) return { ok: false, retry: false, error: 'email is switched off' };
      try {
        await sendEmail(row, secrets, to.email, emailContent(message, to.locale));
        return { ok: true };
      } catch (err) {
        return { ok: false, ...smtpFailure(err) };
      }
    },
  };
}

// The settings page's "send a test message": one bilingual email to the address the admin names,
// through the stored settings, once saved and enabled (the test checks what messages will use). The
// outcome is audited; a failure answers with the server's own words.
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { appendAudit } from '../../audit/audit-log.ts';
import type { SecretBox } from '../../auth/secret-box.ts';
import { sendEmail, smtpFailure } from './email-channel.ts';
import { readSmtpSettings, type Who } from './smtp-settings.ts';

const TEST_MESSAGE = {
  subject: 'OpenSeal 测试邮件 / Test message',
  text:
    '这是学校电子印章平台的测试邮件：邮件设置可用。\n' +
    'This is a test message from the school’s e-seal platform: the email settings work.\n',
  html:
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>OpenSeal</title></head><body>' +
    '<p>这是学校电子印章平台的测试邮件：邮件设置可用。</p>' +
    '<p lang="en">This is a test message from the school’s e-seal platform: the email settings work.</p>' +
    '</body></html>',
};

export async function sendTestEmail(
  db: Kysely<Database>,
  secrets: SecretBox,
  to: string,
  who: Who,
  now: () => Date,
): Promise<{ response: string }> {
  const row = await readSmtpSettings(db);
  if (row?.enabled !== 1) throw new AppError('ERR_SMTP_NOT_CONFIGURED', 'no SMTP server is enabled');
  const audit = (outcome: 'success' | 'failure') =>
    appendAudit(
      db,
      { ...who, action: 'messages.smtp.test', object: `smtp:${row.host}:${row.port}`, outcome },
      { clock: now },
    );
  try {
    const response = await sendEmail(row, secrets, to, TEST_MESSAGE);
    await audit('success');
    return { response };
  } catch (err) {
    await audit('failure');
    throw new AppError('ERR_SMTP_SEND_FAILED', 'the SMTP server refused the test message', [
      smtpFailure(err).error,
    ]);
  }
}

import { routes, type TotpSetupResponse } from '@openseal/contract';
import { Alert, Button, Form, Input, QRCode, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { RecoveryCodes } from './recovery-codes.tsx';

/** Base32 in groups of four, as authenticator apps print it; spaces are ignored when typed in. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * The three steps of enrolling an authenticator: scan the otpauth:// QR code (or type the key),
 * confirm with a current code, then keep the recovery codes shown once. `start` asks the server for
 * the pending secret (first enrolment, or a replacement already proven with password and code).
 */
export function TotpEnrolment({
  start,
  onDone,
}: {
  start: () => Promise<TotpSetupResponse>;
  onDone: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [setup, setSetup] = useState<TotpSetupResponse | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // Once per mount: a second call would replace the pending secret the QR code shows.
    if (started.current) return;
    started.current = true;
    start().then(setSetup, setStartError);
  }, [start]);

  const confirm = useSubmit(async ({ code }: { code: string }) => {
    const answer = await api.call(routes.totpConfirm, { body: { code } });
    setCodes(answer.recoveryCodes);
  });

  if (startError !== null)
    return <Alert type="error" showIcon data-testid="totp-error" message={errorText(startError, locale)} />;
  if (!setup)
    return (
      <Spin tip={t('totp.starting')}>
        <div style={{ minHeight: 120 }} />
      </Spin>
    );
  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="totp-enrolment">
      <Typography.Paragraph style={{ margin: 0 }}>{t('totp.enrolIntro')}</Typography.Paragraph>
      <div>
        <Typography.Title level={5}>1. {t('totp.step.scan')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('totp.step.scanHint')}</Typography.Paragraph>
        <div style={{ display: 'flex', justifyContent: 'center' }}>
          <QRCode data-testid="totp-qr" type="svg" value={setup.otpauthUri} size={200} errorLevel="M" />
        </div>
      </div>
      <div>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {t('totp.step.manual')}
        </Typography.Paragraph>
        <Typography.Text
          code
          copyable={{ text: setup.secret }}
          style={{ fontSize: 15, wordBreak: 'break-all' }}
        >
          <span data-testid="totp-secret">{grouped(setup.secret)}</span>
        </Typography.Text>
      </div>
      <div>
        <Typography.Title level={5}>2. {t('totp.step.confirm')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('totp.step.confirmHint')}</Typography.Paragraph>
        {confirm.error !== null && (
          <Alert
            type="error"
            showIcon
            data-testid="totp-confirm-error"
            style={{ marginBottom: 12 }}
            message={errorText(confirm.error, locale)}
          />
        )}
        <Form<{ code: string }> layout="inline" onFinish={confirm.submit} style={{ rowGap: 8 }}>
          <Form.Item
            name="code"
            rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('totp.codeHint') }]}
            style={{ minWidth: 160 }}
          >
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t('totp.code')}
              data-testid="totp-code"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={confirm.submitting} data-testid="totp-confirm">
            {t('totp.confirm')}
          </Button>
        </Form>
      </div>
    </Space>
  );
}

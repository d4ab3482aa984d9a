import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/**
 * The code step an account with a second factor still owes after a campus identity provider or
 * WeChat Work/DingTalk vouched for it. `confirm` sends the code; a refusal is shown under the title.
 */
export function VouchedSecondFactor({
  testId,
  confirm,
}: {
  /** Prefix of the test ids: `<testId>-totp`, `<testId>-totp-submit`, `<testId>-totp-error`. */
  testId: string;
  confirm: (totpCode: string) => Promise<void>;
}) {
  const locale = useLocale();
  const { t } = locale;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit({ totpCode }: { totpCode: string }) {
    setBusy(true);
    setError(null);
    try {
      await confirm(totpCode);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Form<{ totpCode: string }>
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
      style={{ marginBottom: 16 }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('sso.totpTitle')}
        description={t('sso.totpHint')}
      />
      {error !== null && (
        <Alert
          data-testid={`${testId}-totp-error`}
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={errorText(error, locale)}
        />
      )}
      <Form.Item
        label={t('login.totp')}
        name="totpCode"
        rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('login.totpHint') }]}
      >
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          data-testid={`${testId}-totp`}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid={`${testId}-totp-submit`}>
        {t('sso.totpSubmit')}
      </Button>
    </Form>
  );
}

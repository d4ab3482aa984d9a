import { ERROR_CODES, isErrorCode, routes } from '@openseal/contract';
import { Alert, Button, Divider, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../api/api-context.tsx';
import { apiUrl } from '../api/api-url.ts';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';

/**
 * The sign-in page's campus identity part: a button per enabled provider (a full-page navigation to
 * the provider), the reason a provider's sign-in was refused (?ssoError=<code>), and the second factor
 * an account with one still owes after the provider vouched for it (?sso=totp).
 */
export function SsoSignIn() {
  const locale = useLocale();
  const { t } = locale;
  const [search] = useSearchParams();
  const providers = useApiGet(routes.ssoProviders);
  const refused = search.get('ssoError');
  const list = providers.load.status === 'ready' ? providers.load.data : [];

  if (search.get('sso') === 'totp') return <SsoSecondFactor />;
  return (
    <>
      {refused !== null && (
        <Alert
          data-testid="sso-error"
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('sso.refused')}
          description={
            isErrorCode(refused)
              ? ERROR_CODES[refused][locale.locale === 'zh-CN' ? 'zh' : 'en']
              : t('error.unexpected', { status: 0 })
          }
        />
      )}
      {list.length > 0 && (
        <>
          <Space direction="vertical" style={{ width: '100%' }}>
            {list.map((p) => (
              <Button
                key={p.id}
                block
                size="large"
                href={apiUrl(routes.ssoStart, { params: { id: p.id } })}
                data-testid={`sso-start-${p.id}`}
              >
                {t('sso.signInWith')} · {p.name}
              </Button>
            ))}
          </Space>
          <Divider plain>{t('sso.or')}</Divider>
        </>
      )}
    </>
  );
}

function SsoSecondFactor() {
  const locale = useLocale();
  const { t } = locale;
  const api = useApi();
  const { refresh } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit({ totpCode }: { totpCode: string }) {
    setBusy(true);
    setError(null);
    try {
      await api.call(routes.ssoSecondFactor, { body: { totpCode } });
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
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
          data-testid="sso-totp-error"
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
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="sso-totp" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="sso-totp-submit">
        {t('sso.totpSubmit')}
      </Button>
    </Form>
  );
}

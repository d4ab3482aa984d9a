import { type ImApp, routes } from '@openseal/contract';
import { Alert, Button, Divider, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../api/api-context.tsx';
import { apiUrl } from '../api/api-url.ts';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** The app whose own browser this page is open in (its user agent names it), if any. */
function insideApp(): ImApp | null {
  const ua = navigator.userAgent;
  if (/wxwork/i.test(ua)) return 'wecom';
  if (/DingTalk/i.test(ua)) return 'dingtalk';
  return null;
}

/**
 * The sign-in page's WeChat Work and DingTalk buttons, once enabled: inside the app, its silent OAuth;
 * elsewhere (a kiosk, a desktop), the vendor's QR page to scan with the phone (扫码登录). After the app
 * vouched for an account with a second factor (?im=totp), the code step instead.
 */
export function ImAppSignIn() {
  const { t } = useLocale();
  const [search] = useSearchParams();
  const apps = useApiGet(routes.imSignInApps);
  const list = apps.load.status === 'ready' ? apps.load.data : [];
  if (search.get('im') === 'totp') return <ImSecondFactor />;
  if (list.length === 0) return null;
  const inside = insideApp();
  return (
    <>
      <Space direction="vertical" style={{ width: '100%' }}>
        {list.map((app) => {
          const mode = inside === app ? 'app' : 'qr';
          return (
            <Button
              key={app}
              block
              size="large"
              href={apiUrl(routes.imSignInStart, { params: { app }, query: { mode } })}
              data-testid={`im-sign-in-${app}`}
            >
              {mode === 'app' ? t(`imApps.signInApp.${app}`) : t(`imApps.signInQr.${app}`)}
            </Button>
          );
        })}
      </Space>
      <Divider plain>{t('sso.or')}</Divider>
    </>
  );
}

function ImSecondFactor() {
  const locale = useLocale();
  const { t } = locale;
  const api = useApi();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit({ totpCode }: { totpCode: string }) {
    setBusy(true);
    setError(null);
    try {
      const { next } = await api.call(routes.imSecondFactor, { body: { totpCode } });
      // A full load: the console starts with the new session and opens the page the link named.
      window.location.assign(next);
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
          data-testid="im-totp-error"
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
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="im-totp" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="im-totp-submit">
        {t('sso.totpSubmit')}
      </Button>
    </Form>
  );
}

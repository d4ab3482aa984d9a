import { type ImApp, routes } from '@openseal/contract';
import { Button, Divider, Space } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../api/api-context.tsx';
import { apiUrl } from '../api/api-url.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { VouchedSecondFactor } from '../sso/vouched-second-factor.tsx';

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
  const api = useApi();
  return (
    <VouchedSecondFactor
      testId="im"
      confirm={async (totpCode) => {
        const { next } = await api.call(routes.imSecondFactor, { body: { totpCode } });
        // A full load: the console starts with the new session and opens the page the link named.
        window.location.assign(next);
      }}
    />
  );
}

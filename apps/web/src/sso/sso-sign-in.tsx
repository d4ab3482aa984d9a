import { ERROR_CODES, isErrorCode, routes } from '@openseal/contract';
import { Alert, Button, Divider, Space } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../api/api-context.tsx';
import { apiUrl } from '../api/api-url.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { VouchedSecondFactor } from './vouched-second-factor.tsx';

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
  const api = useApi();
  const { refresh } = useSession();
  return (
    <VouchedSecondFactor
      testId="sso"
      confirm={async (totpCode) => {
        await api.call(routes.ssoSecondFactor, { body: { totpCode } });
        await refresh();
      }}
    />
  );
}

import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/api-error.ts';
import { errorText } from '../api/error-text.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { ImAppSignIn } from '../im-apps/im-app-sign-in.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';
import { SchoolBanner } from '../school/school-banner.tsx';
import { SsoSignIn } from '../sso/sso-sign-in.tsx';
import { HelpLink } from '../verify/help-link.tsx';

interface LoginForm {
  username: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
}

export function LoginPage() {
  const locale = useLocale();
  const { t } = locale;
  const { state, login } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  // The code field appears once the server says this account has a second factor.
  const [needsTotp, setNeedsTotp] = useState(false);
  // Instead of the code, one of the recovery codes shown at enrolment (lost phone).
  const [useRecovery, setUseRecovery] = useState(false);

  if (state.status === 'signed-in') return <Navigate to={from} replace />;

  async function submit(values: LoginForm) {
    setSubmitting(true);
    setError(null);
    try {
      const { recoveryCode, totpCode, ...credentials } = values;
      await login({
        ...credentials,
        ...(needsTotp && useRecovery && recoveryCode
          ? { recoveryCode: recoveryCode.trim().toLowerCase() }
          : {}),
        ...(needsTotp && !useRecovery && totpCode ? { totpCode } : {}),
      });
      navigate(from, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.body?.code === 'ERR_TOTP_REQUIRED') setNeedsTotp(true);
      setError(e);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card
        style={{ width: 380, maxWidth: 'calc(100vw - 16px)' }}
        extra={<LanguageSwitch />}
        title={t('app.shortTitle')}
      >
        <SchoolBanner />
        <Typography.Title level={4} data-testid="login-title">
          {t('login.title')}
        </Typography.Title>
        {state.status === 'signed-out' && state.reason === 'expired' && error === null && (
          <Alert
            data-testid="session-expired"
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('session.expired')}
          />
        )}
        {error !== null && (
          <Alert
            data-testid="login-error"
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('login.failed')}
            description={errorText(error, locale)}
          />
        )}
        <SsoSignIn />
        <ImAppSignIn />
        <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, message: t('login.usernameRequired') }]}
          >
            <Input autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {needsTotp && !useRecovery && (
            <Form.Item
              label={t('login.totp')}
              name="totpCode"
              rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('login.totpHint') }]}
            >
              <Input
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                data-testid="login-totp"
              />
            </Form.Item>
          )}
          {needsTotp && useRecovery && (
            <Form.Item
              label={t('login.recovery')}
              name="recoveryCode"
              rules={[
                {
                  required: true,
                  pattern: /^\s*[A-Za-z2-9]{5}-[A-Za-z2-9]{5}\s*$/,
                  message: t('login.recoveryHint'),
                },
              ]}
            >
              <Input autoComplete="off" maxLength={13} data-testid="login-recovery" />
            </Form.Item>
          )}
          {needsTotp && (
            <Button
              type="link"
              size="small"
              style={{ paddingInline: 0, marginBottom: 12 }}
              data-testid="login-toggle-recovery"
              onClick={() => setUseRecovery((v) => !v)}
            >
              {t(useRecovery ? 'login.useTotp' : 'login.useRecovery')}
            </Button>
          )}
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Space direction="vertical" size={4} style={{ marginTop: 16, width: '100%', alignItems: 'center' }}>
          <Link to="/verify" data-testid="login-verify-link">
            {t('verify.link')}
          </Link>
          <HelpLink />
        </Space>
      </Card>
    </div>
  );
}

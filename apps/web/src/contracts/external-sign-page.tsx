import { type InvitationView, routes } from '@openseal/contract';
import { Alert, Button, Card, Input, Result, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';

/**
 * Where an external signer's invitation link lands (`/sign/<token>`): who is invited to what, a
 * button that sends a one-time code to the phone or email on the contract, and the code's field. The
 * right code opens a session of that one contract, and its signing page opens.
 */
export function ExternalSignPage() {
  const { token = '' } = useParams();
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [view, setView] = useState<InvitationView | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.call(routes.openInvitation, { body: { token } }).then(setView, setFailed);
  }, [api, token]);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = window.setTimeout(() => setWait((w) => w - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.call(routes.sendInvitationCode, { body: { token } });
      setSent(answer.contact);
      setWait(answer.nextInSeconds);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      const { contractId } = await api.call(routes.invitationSignIn, { body: { token, code } });
      await refresh();
      navigate(`/contracts/${contractId}`, { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const frame = (children: React.ReactNode) => (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: '24px 12px' }}>
      <div style={{ maxWidth: 440, margin: '0 auto' }}>
        <div style={{ textAlign: 'right', marginBottom: 8 }}>
          <LanguageSwitch />
        </div>
        {children}
      </div>
    </div>
  );
  if (failed !== null)
    return frame(
      <Result
        status="warning"
        data-testid="sign-invalid"
        title={t('sign.invalid')}
        subTitle={errorText(failed, locale)}
      />,
    );
  if (!view) return frame(<Spin size="large" style={{ display: 'block', padding: 96 }} />);
  return frame(
    <Card title={t('sign.title')} data-testid="external-sign">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text>{t('sign.invited', { name: view.signerName })}</Typography.Text>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="sign-contract-title">
          {view.contractTitle}
        </Typography.Title>
        <Typography.Text type="secondary">{t('sign.codeTo', { contact: view.contact })}</Typography.Text>
        <Button
          block
          size="large"
          data-testid="sign-send-code"
          onClick={sendCode}
          loading={busy && !sent}
          disabled={wait > 0}
        >
          {wait > 0 ? t('sign.resendIn', { seconds: wait }) : t('sign.sendCode')}
        </Button>
        {sent && <Alert type="success" showIcon message={t('sign.codeSent', { contact: sent })} />}
        <Input
          size="large"
          data-testid="sign-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder={t('sign.code')}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          onPressEnter={() => code.length === 6 && signIn()}
        />
        <Button
          block
          type="primary"
          size="large"
          data-testid="sign-sign-in"
          disabled={code.length !== 6}
          loading={busy && !!sent}
          onClick={signIn}
        >
          {t('sign.signIn')}
        </Button>
        {error !== null && (
          <Alert type="error" showIcon data-testid="sign-error" message={errorText(error, locale)} />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sign.outsideNote')}
        </Typography.Text>
      </Space>
    </Card>,
  );
}

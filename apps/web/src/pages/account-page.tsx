import { routes, type TotpReplaceBody, type TotpSetupResponse } from '@openseal/contract';
import { Alert, App, Button, Card, Form, Input, Space, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { PasswordChangeForm } from '../account/password-change-form.tsx';
import { ResetHandoverCard } from '../account/reset-handover-card.tsx';
import { TotpEnrolment } from '../account/totp-enrolment.tsx';
import { useApi } from '../api/api-context.tsx';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { MessageSettingsCard } from '../messages/message-settings-card.tsx';

/**
 * 账户与安全: one's own password, authenticator, (for unit heads) reset codes to hand over, and which
 * messages reach one on which channel (消息通知).
 */
export function AccountPage() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const { state, refresh } = useSession();
  const user = state.status === 'signed-in' ? state.user : null;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="account-page">
      <ResetHandoverCard />
      <Card title={t('password.changeTitle')}>
        <PasswordChangeForm onChanged={() => void message.success(t('password.changed'))} />
      </Card>
      {user && (
        <AuthenticatorCard
          enrolled={user.totpEnrolled}
          onDone={() => {
            void message.success(t('totp.replaced'));
            void refresh();
          }}
        />
      )}
      <MessageSettingsCard />
    </Space>
  );
}

/** Replacing needs the password and a current code first; a first enrolment starts at once. */
function AuthenticatorCard({ enrolled, onDone }: { enrolled: boolean; onDone: () => void }) {
  const api = useApi();
  const { t } = useLocale();
  const [start, setStart] = useState<(() => Promise<TotpSetupResponse>) | null>(null);
  const enrolFirst = useCallback(() => api.call(routes.totpSetup), [api]);
  return (
    <Card
      title={enrolled ? t('totp.replaceTitle') : t('totp.enrolTitle')}
      extra={
        <Tag color={enrolled ? 'green' : 'default'}>{t(enrolled ? 'totp.enrolled' : 'totp.notEnrolled')}</Tag>
      }
    >
      {start ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <TotpEnrolment
            start={start}
            onDone={() => {
              setStart(null);
              onDone();
            }}
          />
          <Button type="link" onClick={() => setStart(null)} style={{ paddingInline: 0 }}>
            {t('account.back')}
          </Button>
        </Space>
      ) : enrolled ? (
        <Form<TotpReplaceBody>
          layout="vertical"
          requiredMark={false}
          style={{ maxWidth: 420 }}
          onFinish={(proof) => setStart(() => () => api.call(routes.totpReplace, { body: proof }))}
        >
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('totp.replaceIntro')} />
          <Form.Item
            label={t('password.current')}
            name="password"
            rules={[{ required: true, message: t('password.currentHint') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="replace-password" />
          </Form.Item>
          <Form.Item
            label={t('totp.code')}
            name="code"
            rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('totp.codeHint') }]}
          >
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              data-testid="replace-code"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="replace-start">
            {t('totp.replaceStart')}
          </Button>
        </Form>
      ) : (
        <Button type="primary" onClick={() => setStart(() => enrolFirst)} data-testid="enrol-start">
          {t('totp.enrolNow')}
        </Button>
      )}
    </Card>
  );
}

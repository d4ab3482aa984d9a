import { routes } from '@openseal/contract';
import { Alert, Button, Card } from 'antd';
import { type ReactNode, useCallback } from 'react';
import { useApi } from '../api/api-context.tsx';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';
import { PasswordChangeForm } from './password-change-form.tsx';
import { useSchoolTime } from './school-time-context.tsx';
import { TotpEnrolment } from './totp-enrolment.tsx';

/** A page of its own, before the console: the person has one thing to do first. */
function FirstStep({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const { t } = useLocale();
  const { logout } = useSession();
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'start center',
        background: '#f0f2f5',
        padding: '24px 8px',
      }}
    >
      <Card
        data-testid={testId}
        style={{ width: '100%', maxWidth: 560 }}
        title={title}
        extra={
          <>
            <LanguageSwitch />
            <Button type="link" onClick={() => void logout()} data-testid="first-step-logout">
              {t('totp.signOut')}
            </Button>
          </>
        }
      >
        {children}
      </Card>
    </div>
  );
}

/**
 * What must happen before the console opens: a new password after an admin reset, then a second
 * factor for the roles that require one. The server refuses everything else until then anyway.
 */
export function AccountGate({ children }: { children: ReactNode }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const { state, refresh } = useSession();
  const start = useCallback(() => api.call(routes.totpSetup), [api]);
  if (state.status !== 'signed-in') return children;
  const user = state.user;
  if (user.mustChangePassword) {
    return (
      <FirstStep title={t('password.forcedTitle')} testId="forced-password">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('password.forcedIntro', {
            at: user.passwordResetAt ? when(user.passwordResetAt) : '—',
          })}
        />
        <PasswordChangeForm forced onChanged={() => void refresh()} />
      </FirstStep>
    );
  }
  if (user.totpRequired && !user.totpEnrolled) {
    return (
      <FirstStep title={t('totp.enrolTitle')} testId="totp-first-sign-in">
        <TotpEnrolment start={start} onDone={() => void refresh()} />
      </FirstStep>
    );
  }
  return children;
}

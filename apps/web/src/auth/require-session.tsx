import { Alert, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { AccountGate } from '../account/account-gate.tsx';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { useSession } from './session-context.tsx';

/**
 * Route guard: children only with a session confirmed by routes.me, else the login page;
 * a forced password change or a first TOTP enrolment comes first.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const locale = useLocale();
  const location = useLocation();
  if (state.status === 'checking') return <Spin fullscreen tip={locale.t('session.checking')} />;
  if (state.status === 'failed')
    return <Alert type="error" showIcon message={errorText(state.error, locale)} />;
  if (state.status === 'signed-out')
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <AccountGate>{children}</AccountGate>;
}

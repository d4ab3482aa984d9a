import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequireSession } from './auth/require-session.tsx';
import { useLocale } from './i18n/locale-context.tsx';
import { ConsoleLayout, HomeRedirect } from './layout/console-layout.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { OrgPage } from './pages/org-page.tsx';
import { SealsPage } from './pages/seals-page.tsx';
import { UsersPage } from './pages/users-page.tsx';

// pdf.js is large and only the stamp page needs it: it loads with that page.
const StampPage = lazy(() => import('./pages/stamp-page.tsx').then((m) => ({ default: m.StampPage })));

/** The console's routes; every page but login sits behind the session guard. */
export function App() {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNAntd : enUS}>
      <AntApp>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireSession>
                <ConsoleLayout />
              </RequireSession>
            }
          >
            <Route path="/org" element={<OrgPage />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/seals" element={<SealsPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route
              path="/stamp"
              element={
                <Suspense fallback={<Spin />}>
                  <StampPage />
                </Suspense>
              }
            />
            <Route path="*" element={<HomeRedirect />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}

import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import { Route, Routes } from 'react-router-dom';
import { RequireSession } from './auth/require-session.tsx';
import { useLocale } from './i18n/locale-context.tsx';
import { ConsoleLayout, HomeRedirect } from './layout/console-layout.tsx';
import { ApiListPage } from './pages/api-list-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { OrgPage } from './pages/org-page.tsx';
import { UsersPage } from './pages/users-page.tsx';

/** The console's routes; every page but login sits behind the session guard. */
export function App() {
  const { locale, t } = useLocale();
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
            <Route path="/seals" element={<ApiListPage title="nav.seals" path="/api/seals" />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route
              path="/stamp"
              element={<ApiListPage title="nav.stamp" path="/api/seals" intro={<p>{t('stamp.hint')}</p>} />}
            />
            <Route path="*" element={<HomeRedirect />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}

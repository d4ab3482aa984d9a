import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireSession } from './auth/require-session.tsx';
import { useLocale } from './i18n/locale-context.tsx';
import { ConsoleLayout } from './layout/console-layout.tsx';
import { ApiListPage } from './pages/api-list-page.tsx';
import { LoginPage } from './pages/login-page.tsx';

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
            <Route path="/org" element={<ApiListPage title="nav.org" path="/api/org/units" />} />
            <Route path="/users" element={<ApiListPage title="nav.users" path="/api/users" />} />
            <Route path="/seals" element={<ApiListPage title="nav.seals" path="/api/seals" />} />
            <Route path="/audit" element={<ApiListPage title="nav.audit" path="/api/audit" />} />
            <Route
              path="/stamp"
              element={<ApiListPage title="nav.stamp" path="/api/seals" intro={<p>{t('stamp.hint')}</p>} />}
            />
          </Route>
          <Route path="*" element={<Navigate to="/org" replace />} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}

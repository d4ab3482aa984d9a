import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequireSession } from './auth/require-session.tsx';
import { useLocale } from './i18n/locale-context.tsx';
import { ConsoleLayout, HomeRedirect } from './layout/console-layout.tsx';
import { AccountPage } from './pages/account-page.tsx';
import { AlertsPage } from './pages/alerts-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { FlowsPage } from './pages/flows-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { OrgPage } from './pages/org-page.tsx';
import { RequestsPage } from './pages/requests-page.tsx';
import { SealsPage } from './pages/seals-page.tsx';
import { UsersPage } from './pages/users-page.tsx';
import { VerifyHelpPage } from './pages/verify-help-page.tsx';
import { VerifyPage } from './pages/verify-page.tsx';
import { HELP_PATH } from './verify/help-link.tsx';

// pdf.js and the charts are large and only some pages need them: they load with those pages.
const StampPage = lazy(() => import('./pages/stamp-page.tsx').then((m) => ({ default: m.StampPage })));
const RequestNewPage = lazy(() =>
  import('./pages/request-new-page.tsx').then((m) => ({ default: m.RequestNewPage })),
);
const RequestDetailPage = lazy(() =>
  import('./pages/request-detail-page.tsx').then((m) => ({ default: m.RequestDetailPage })),
);
const PortalPage = lazy(() => import('./pages/portal-page.tsx').then((m) => ({ default: m.PortalPage })));
const ArchivePage = lazy(() => import('./pages/archive-page.tsx').then((m) => ({ default: m.ArchivePage })));
const CredentialViewPage = lazy(() =>
  import('./pages/credential-view-page.tsx').then((m) => ({ default: m.CredentialViewPage })),
);
const TemplatesPage = lazy(() =>
  import('./pages/templates-page.tsx').then((m) => ({ default: m.TemplatesPage })),
);
const DataPage = lazy(() => import('./pages/data-page.tsx').then((m) => ({ default: m.DataPage })));
const JobsPage = lazy(() => import('./pages/jobs-page.tsx').then((m) => ({ default: m.JobsPage })));
const SsoSettingsPage = lazy(() =>
  import('./sso/sso-settings-page.tsx').then((m) => ({ default: m.SsoSettingsPage })),
);
const ImAppsSettingsPage = lazy(() =>
  import('./im-apps/im-apps-settings-page.tsx').then((m) => ({ default: m.ImAppsSettingsPage })),
);
const EmailSettingsPage = lazy(() =>
  import('./messages/email-settings-page.tsx').then((m) => ({ default: m.EmailSettingsPage })),
);
const DirectoryPage = lazy(() =>
  import('./directory/directory-page.tsx').then((m) => ({ default: m.DirectoryPage })),
);
const WebhooksPage = lazy(() =>
  import('./integrations/webhooks-page.tsx').then((m) => ({ default: m.WebhooksPage })),
);
const ServiceAccountsPage = lazy(() =>
  import('./service-accounts/service-accounts-page.tsx').then((m) => ({ default: m.ServiceAccountsPage })),
);
const ContractsPage = lazy(() =>
  import('./contracts/contracts-page.tsx').then((m) => ({ default: m.ContractsPage })),
);
const ContractNewPage = lazy(() =>
  import('./contracts/contract-new-page.tsx').then((m) => ({ default: m.ContractNewPage })),
);
const ContractTemplatesPage = lazy(() =>
  import('./contract-templates/contract-templates-page.tsx').then((m) => ({
    default: m.ContractTemplatesPage,
  })),
);
const ContractDetailPage = lazy(() =>
  import('./contracts/contract-detail-page.tsx').then((m) => ({ default: m.ContractDetailPage })),
);
const OnPhonePage = lazy(() =>
  import('./contracts/on-phone-page.tsx').then((m) => ({ default: m.OnPhonePage })),
);
const ExternalSignPage = lazy(() =>
  import('./contracts/external-sign-page.tsx').then((m) => ({ default: m.ExternalSignPage })),
);
const SmsSettingsPage = lazy(() =>
  import('./messages/sms-settings-page.tsx').then((m) => ({ default: m.SmsSettingsPage })),
);
const DashboardPage = lazy(() =>
  import('./pages/dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })),
);

const later = (page: ReactNode) => <Suspense fallback={<Spin />}>{page}</Suspense>;

/** The console's routes; every page but login sits behind the session guard. */
export function App() {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNAntd : enUS}>
      <AntApp>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/verify" element={<VerifyPage />} />
          <Route path="/sign/:token" element={later(<ExternalSignPage />)} />
          <Route path="/contracts/on-phone" element={later(<OnPhonePage />)} />
          <Route path="/v/:publicId" element={later(<CredentialViewPage />)} />
          <Route path={HELP_PATH} element={<VerifyHelpPage />} />
          <Route
            element={
              <RequireSession>
                <ConsoleLayout />
              </RequireSession>
            }
          >
            <Route path="/account" element={<AccountPage />} />
            <Route path="/org" element={<OrgPage />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/seals" element={<SealsPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/stamp" element={later(<StampPage />)} />
            <Route path="/requests/new" element={later(<RequestNewPage />)} />
            <Route path="/requests/inbox" element={<RequestsPage key="inbox" view="inbox" />} />
            <Route path="/requests/mine" element={<RequestsPage key="mine" view="mine" />} />
            <Route path="/requests/done" element={<RequestsPage key="done" view="done" />} />
            <Route path="/requests/:id" element={later(<RequestDetailPage />)} />
            <Route path="/contracts" element={later(<ContractsPage />)} />
            <Route path="/contracts/new" element={later(<ContractNewPage />)} />
            <Route path="/contracts/templates" element={later(<ContractTemplatesPage />)} />
            <Route path="/contracts/templates/:id" element={later(<ContractTemplatesPage />)} />
            <Route path="/contracts/:id" element={later(<ContractDetailPage />)} />
            <Route path="/flows" element={<FlowsPage />} />
            <Route path="/dashboard" element={later(<DashboardPage />)} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/portal" element={later(<PortalPage />)} />
            <Route path="/archive" element={later(<ArchivePage />)} />
            <Route path="/templates" element={later(<TemplatesPage />)} />
            <Route path="/templates/:id" element={later(<TemplatesPage />)} />
            <Route path="/data" element={later(<DataPage />)} />
            <Route path="/jobs" element={later(<JobsPage />)} />
            <Route path="/integrations/webhooks" element={later(<WebhooksPage />)} />
            <Route path="/service-accounts" element={later(<ServiceAccountsPage />)} />
            <Route path="/directory" element={later(<DirectoryPage />)} />
            <Route path="/settings/sso" element={later(<SsoSettingsPage />)} />
            <Route path="/settings/email" element={later(<EmailSettingsPage />)} />
            <Route path="/settings/sms" element={later(<SmsSettingsPage />)} />
            <Route path="/settings/im-apps" element={later(<ImAppsSettingsPage />)} />
            <Route path="*" element={<HomeRedirect />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}

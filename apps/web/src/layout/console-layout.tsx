import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  ContainerOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DownOutlined,
  FileAddOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  FormOutlined,
  IdcardOutlined,
  InboxOutlined,
  KeyOutlined,
  LayoutOutlined,
  LoginOutlined,
  MailOutlined,
  MessageOutlined,
  MobileOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SolutionOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Me } from '@openseal/contract';
import { Badge, Button, Dropdown, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { hasBusinessRole, landingPage, menuPages, type NavPage } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { DelegationModal } from '../delegations/delegation-modal.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { NotificationBell } from '../notifications/notification-bell.tsx';
import { InboxProvider, useInbox } from '../requests/inbox-context.tsx';
import { LanguageSwitch } from './language-switch.tsx';

const NAV: readonly { page: NavPage; label: MessageKey; icon: React.ReactNode }[] = [
  { page: 'portal', label: 'nav.portal', icon: <IdcardOutlined /> },
  { page: 'org', label: 'nav.org', icon: <BankOutlined /> },
  { page: 'users', label: 'nav.users', icon: <TeamOutlined /> },
  { page: 'seals', label: 'nav.seals', icon: <SafetyCertificateOutlined /> },
  { page: 'audit', label: 'nav.audit', icon: <AuditOutlined /> },
  { page: 'stamp', label: 'nav.stamp', icon: <FileProtectOutlined /> },
  { page: 'requests/new', label: 'nav.requestNew', icon: <FileAddOutlined /> },
  { page: 'requests/inbox', label: 'nav.inbox', icon: <InboxOutlined /> },
  { page: 'requests/mine', label: 'nav.mine', icon: <SolutionOutlined /> },
  { page: 'requests/done', label: 'nav.done', icon: <FileDoneOutlined /> },
  { page: 'contracts', label: 'nav.contracts', icon: <FileTextOutlined /> },
  { page: 'contracts/templates', label: 'nav.contractTemplates', icon: <FormOutlined /> },
  { page: 'flows', label: 'nav.flows', icon: <ApartmentOutlined /> },
  { page: 'dashboard', label: 'nav.dashboard', icon: <DashboardOutlined /> },
  { page: 'alerts', label: 'nav.alerts', icon: <AlertOutlined /> },
  { page: 'templates', label: 'nav.templates', icon: <LayoutOutlined /> },
  { page: 'data', label: 'nav.data', icon: <DatabaseOutlined /> },
  { page: 'jobs', label: 'nav.jobs', icon: <ThunderboltOutlined /> },
  { page: 'archive', label: 'nav.archive', icon: <ContainerOutlined /> },
  { page: 'integrations/webhooks', label: 'nav.webhooks', icon: <ApiOutlined /> },
  { page: 'service-accounts', label: 'nav.serviceAccounts', icon: <KeyOutlined /> },
  { page: 'directory', label: 'nav.directory', icon: <ClusterOutlined /> },
  { page: 'settings/sso', label: 'nav.sso', icon: <LoginOutlined /> },
  { page: 'settings/email', label: 'nav.email', icon: <MailOutlined /> },
  { page: 'settings/sms', label: 'nav.sms', icon: <MobileOutlined /> },
  { page: 'settings/im-apps', label: 'nav.imApps', icon: <MessageOutlined /> },
  // The public verification page, for students and staff checking a document they were handed.
  { page: 'verify', label: 'nav.verify', icon: <SafetyOutlined /> },
];
const PAGES = NAV.map((n) => n.page);

/**
 * `/`: 待我审批 for approvers (once the inbox is known), else the first page the signed-in person
 * may use (the auditor has no org tree).
 */
export function HomeRedirect() {
  const { state } = useSession();
  const { count } = useInbox();
  // An inbox that cannot be read must not hold the person on a spinner: give up after 3 s.
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setWaited(true), 3000);
    return () => window.clearTimeout(timer);
  }, []);
  if (state.status !== 'signed-in') return <Navigate to="/login" replace />;
  const scope = state.user.contractScope;
  if (scope) return <Navigate to={`/contracts/${scope}`} replace />;
  if (count === null && !waited && hasBusinessRole(state.user)) return <Spin />;
  const landing = landingPage(state.user, PAGES, count);
  return <Navigate to={landing ? `/${landing}` : '/login'} replace />;
}

export function ConsoleLayout() {
  const { state } = useSession();
  const user = state.status === 'signed-in' ? state.user : null;
  return (
    <InboxProvider enabled={user !== null && hasBusinessRole(user)}>
      <ConsoleFrame user={user} />
    </InboxProvider>
  );
}

function ConsoleFrame({ user }: { user: Me | null }) {
  const { t } = useLocale();
  const { logout } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { count } = useInbox();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [delegating, setDelegating] = useState(false);
  // On a phone the menu slides in over the page and folds away once a page is chosen.
  const [collapsed, setCollapsed] = useState(false);
  // A phone a contract's QR code signed in reaches that contract alone: no menu, no account pages.
  const scoped = user?.contractScope !== undefined;
  const shown = user ? menuPages(user, PAGES, count) : [];
  const items = NAV.filter((n) => shown.includes(n.page));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!scoped && (
        <Layout.Sider
          breakpoint="lg"
          collapsedWidth={0}
          theme="light"
          collapsed={collapsed}
          onCollapse={setCollapsed}
          onBreakpoint={setCollapsed}
          zeroWidthTriggerStyle={{ top: 12 }}
          style={narrow ? { position: 'fixed', zIndex: 100, height: '100vh', left: 0, top: 0 } : undefined}
        >
          <Typography.Title level={5} style={{ padding: '16px 24px', margin: 0 }}>
            {t('app.shortTitle')}
          </Typography.Title>
          <Menu
            data-testid="nav-menu"
            mode="inline"
            selectedKeys={[pathname]}
            onClick={({ key }) => {
              navigate(key);
              if (narrow) setCollapsed(true);
            }}
            items={items.map((n) => ({
              key: `/${n.page}`,
              icon: n.icon,
              label:
                n.page === 'requests/inbox' && count ? (
                  <Space size={6}>
                    {t(n.label)}
                    <span data-testid="inbox-count">
                      <Badge count={count} size="small" />
                    </span>
                  </Space>
                ) : (
                  t(n.label)
                ),
            }))}
          />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 8,
            padding: narrow ? `0 8px 0 ${scoped ? 8 : 48}px` : '0 24px',
          }}
        >
          {narrow ? <span /> : <Typography.Text strong>{t('app.title')}</Typography.Text>}
          <Space size={narrow ? 4 : 8}>
            {user && hasBusinessRole(user) && <NotificationBell />}
            {user && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    ...(scoped ? [] : [{ key: 'account', icon: <UserOutlined />, label: t('account.menu') }]),
                    ...(hasBusinessRole(user)
                      ? [{ key: 'delegate', icon: <CheckSquareOutlined />, label: t('delegation.title') }]
                      : []),
                    { key: 'logout', label: t('nav.logout') },
                  ],
                  onClick: ({ key }) =>
                    key === 'account'
                      ? navigate('/account')
                      : key === 'delegate'
                        ? setDelegating(true)
                        : void logout(),
                }}
              >
                <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
                  <Typography.Text
                    data-testid="current-user"
                    ellipsis
                    style={{ maxWidth: narrow ? 90 : 200 }}
                  >
                    {user.displayName || user.username}
                  </Typography.Text>
                  <DownOutlined />
                </Button>
              </Dropdown>
            )}
            <LanguageSwitch />
            {!narrow && (
              <Button data-testid="logout" onClick={() => void logout()}>
                {t('nav.logout')}
              </Button>
            )}
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: narrow ? 8 : 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      {user && delegating && <DelegationModal me={user} open onClose={() => setDelegating(false)} />}
    </Layout>
  );
}

import {
  AuditOutlined,
  BankOutlined,
  FileProtectOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Me } from '@openseal/contract';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { canSeePage, type NavPage } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { LanguageSwitch } from './language-switch.tsx';

const NAV: readonly { page: NavPage; label: MessageKey; icon: React.ReactNode }[] = [
  { page: 'org', label: 'nav.org', icon: <BankOutlined /> },
  { page: 'users', label: 'nav.users', icon: <TeamOutlined /> },
  { page: 'seals', label: 'nav.seals', icon: <SafetyCertificateOutlined /> },
  { page: 'audit', label: 'nav.audit', icon: <AuditOutlined /> },
  { page: 'stamp', label: 'nav.stamp', icon: <FileProtectOutlined /> },
];

export function visiblePages(user: Me): NavPage[] {
  return NAV.filter((n) => canSeePage(user, n.page)).map((n) => n.page);
}

/** `/`: the first page the signed-in person may use (the auditor has no org tree). */
export function HomeRedirect() {
  const { state } = useSession();
  const first = state.status === 'signed-in' ? visiblePages(state.user)[0] : undefined;
  return <Navigate to={first ? `/${first}` : '/login'} replace />;
}

export function ConsoleLayout() {
  const { t } = useLocale();
  const { state, logout } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const user = state.status === 'signed-in' ? state.user : null;
  const items = NAV.filter((n) => user !== null && canSeePage(user, n.page));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light">
        <Typography.Title level={5} style={{ padding: '16px 24px', margin: 0 }}>
          {t('app.shortTitle')}
        </Typography.Title>
        <Menu
          data-testid="nav-menu"
          mode="inline"
          selectedKeys={[pathname]}
          onClick={({ key }) => navigate(key)}
          items={items.map((n) => ({ key: `/${n.page}`, icon: n.icon, label: t(n.label) }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
          }}
        >
          <Typography.Text strong>{t('app.title')}</Typography.Text>
          <Space>
            {user && (
              <Typography.Text data-testid="current-user">
                {user.displayName || user.username}
              </Typography.Text>
            )}
            <LanguageSwitch />
            <Button data-testid="logout" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

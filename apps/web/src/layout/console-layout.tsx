import {
  AuditOutlined,
  BankOutlined,
  FileProtectOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { LanguageSwitch } from './language-switch.tsx';

const NAV: readonly { path: string; label: MessageKey; icon: React.ReactNode }[] = [
  { path: '/org', label: 'nav.org', icon: <BankOutlined /> },
  { path: '/users', label: 'nav.users', icon: <TeamOutlined /> },
  { path: '/seals', label: 'nav.seals', icon: <SafetyCertificateOutlined /> },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined /> },
  { path: '/stamp', label: 'nav.stamp', icon: <FileProtectOutlined /> },
];

export function ConsoleLayout() {
  const { t } = useLocale();
  const { state, logout } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const user = state.status === 'signed-in' ? state.user : null;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light">
        <Typography.Title level={5} style={{ padding: '16px 24px', margin: 0 }}>
          {t('app.shortTitle')}
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={[pathname]}
          onClick={({ key }) => navigate(key)}
          items={NAV.map((n) => ({ key: n.path, icon: n.icon, label: t(n.label) }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'space-between' }}>
          <Typography.Text strong>{t('app.title')}</Typography.Text>
          <Space>
            {user && <Typography.Text>{user.displayName || user.username}</Typography.Text>}
            <LanguageSwitch />
            <Button onClick={() => void logout()}>{t('nav.logout')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

import { ROLE_PERMISSIONS, routes, type ServiceAccount, type ServiceAccountStatus } from '@openseal/contract';
import { App, Button, Card, Grid, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { listTableProps } from '../api/list-table-props.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { ServiceAccountCreateModal } from './service-account-create-modal.tsx';
import { ServiceAccountKey } from './service-account-key.tsx';

const STATUS_COLOR: Record<ServiceAccountStatus, string> = {
  pending: 'gold',
  active: 'green',
  suspended: 'orange',
  rejected: 'default',
  revoked: 'red',
};

type Change = 'suspend' | 'resume' | 'revoke' | 'approve' | 'reject';
const CHANGE_ROUTE = {
  suspend: routes.suspendServiceAccount,
  resume: routes.resumeServiceAccount,
  revoke: routes.revokeServiceAccount,
  approve: routes.approveServiceAccount,
  reject: routes.rejectServiceAccount,
} as const;

/**
 * 签章服务账号: the seal office lists, creates (key shown once), re-keys, suspends, resumes and revokes
 * the accounts of its unit; the security admin approves or rejects the pending ones.
 */
export function ServiceAccountsPage() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;
  const office = me !== null && hasPermission(me, 'seals.manage');
  const approver = me !== null && hasPermission(me, 'roles.grant');
  const unitId = me?.grants.find((g) => ROLE_PERMISSIONS[g.role].includes('seals.manage'))?.orgUnitId;
  const accounts = useApiGet(routes.listServiceAccounts, office && unitId ? { query: { unitId } } : null);
  const pending = useApiGet(routes.pendingServiceAccounts, approver ? {} : null);
  const [creating, setCreating] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  // On a phone the actions stack under each other, so none is scrolled out of sight.
  const narrow = !Grid.useBreakpoint().md;

  const reload = () => {
    if (office) accounts.reload();
    if (approver) pending.reload();
  };
  async function change(id: string, what: Change) {
    try {
      await api.call(CHANGE_ROUTE[what], { params: { id } });
      reload();
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }
  async function rotate(id: string) {
    try {
      setKey((await api.call(routes.rotateServiceAccountKey, { params: { id } })).key);
      reload();
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }

  const who = {
    key: 'name',
    title: t('svc.displayName'),
    render: (_: unknown, a: ServiceAccount) => (
      <Space direction="vertical" size={0}>
        <Typography.Text strong>{a.displayName}</Typography.Text>
        <Typography.Text type="secondary" code>
          {a.username}
        </Typography.Text>
      </Space>
    ),
  };
  const scope = {
    key: 'scope',
    title: t('svc.operations'),
    responsive: ['md' as const],
    render: (_: unknown, a: ServiceAccount) => (
      <Space direction="vertical" size={2}>
        <Space size={[0, 4]} wrap>
          {a.operations.map((o) => (
            <Tag key={o}>{t(`svc.op.${o}`)}</Tag>
          ))}
        </Space>
        <Typography.Text type="secondary">
          {t('svc.ipShort')}: {a.ipAllow.join(', ') || t('svc.anyIp')} · {t('svc.rate')}: {a.ratePerMinute}
        </Typography.Text>
      </Space>
    ),
  };
  const status = {
    key: 'status',
    title: t('svc.status'),
    dataIndex: 'status',
    render: (s: ServiceAccountStatus) => (
      <Tag color={STATUS_COLOR[s]} data-testid="svc-status">
        {t(`svc.status.${s}`)}
      </Tag>
    ),
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {office && (
        <Card
          title={<Typography.Text strong>{t('svc.title')}</Typography.Text>}
          extra={
            <Button type="primary" onClick={() => setCreating(true)} data-testid="svc-new">
              {t('svc.new')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">{t('svc.intro')}</Typography.Paragraph>
          <Table<ServiceAccount>
            {...listTableProps(accounts.load)}
            data-testid="svc-list"
            locale={{ emptyText: t('svc.none') }}
            scroll={{ x: 'max-content' }}
            columns={[
              who,
              status,
              scope,
              {
                key: 'key',
                title: t('svc.key'),
                dataIndex: 'keyPrefix',
                responsive: ['lg'],
                render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
              },
              {
                key: 'actions',
                render: (_: unknown, a) => (
                  <Space wrap size={4} direction={narrow ? 'vertical' : 'horizontal'}>
                    {a.status !== 'revoked' && a.status !== 'rejected' && (
                      <Popconfirm title={t('svc.rotateConfirm')} onConfirm={() => void rotate(a.id)}>
                        <Button size="small" data-testid="svc-rotate">
                          {t('svc.rotate')}
                        </Button>
                      </Popconfirm>
                    )}
                    {a.status === 'active' && (
                      <Button
                        size="small"
                        onClick={() => void change(a.id, 'suspend')}
                        data-testid="svc-suspend"
                      >
                        {t('svc.suspend')}
                      </Button>
                    )}
                    {a.status === 'suspended' && (
                      <Button
                        size="small"
                        onClick={() => void change(a.id, 'resume')}
                        data-testid="svc-resume"
                      >
                        {t('svc.resume')}
                      </Button>
                    )}
                    {a.status !== 'revoked' && a.status !== 'rejected' && (
                      <Popconfirm
                        title={t('svc.revokeConfirm')}
                        onConfirm={() => void change(a.id, 'revoke')}
                      >
                        <Button size="small" danger data-testid="svc-revoke">
                          {t('svc.revoke')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {approver && (
        <Card title={<Typography.Text strong>{t('svc.pendingTitle')}</Typography.Text>}>
          <Typography.Paragraph type="secondary">{t('svc.pendingIntro')}</Typography.Paragraph>
          <Table<ServiceAccount>
            {...listTableProps(pending.load)}
            data-testid="svc-pending"
            locale={{ emptyText: t('svc.pendingNone') }}
            scroll={{ x: 'max-content' }}
            columns={[
              who,
              scope,
              { key: 'createdBy', title: t('svc.createdBy'), dataIndex: 'createdBy', responsive: ['md'] },
              {
                key: 'actions',
                render: (_: unknown, a) => (
                  <Space wrap size={4} direction={narrow ? 'vertical' : 'horizontal'}>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => void change(a.id, 'approve')}
                      data-testid="svc-approve"
                    >
                      {t('svc.approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => void change(a.id, 'reject')}
                      data-testid="svc-reject"
                    >
                      {t('svc.reject')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {unitId && (
        <ServiceAccountCreateModal
          open={creating}
          unitId={unitId}
          onClose={(created) => {
            setCreating(false);
            if (created) {
              setKey(created);
              reload();
            }
          }}
        />
      )}
      <ServiceAccountKey secret={key} onClose={() => setKey(null)} />
    </Space>
  );
}

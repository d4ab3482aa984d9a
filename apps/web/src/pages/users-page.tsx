import { type RoleGrant, routes, type User } from '@openseal/contract';
import { App, Button, Card, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { CreateUserModal } from '../users/create-user-modal.tsx';
import { GrantRoleModal } from '../users/grant-role-modal.tsx';
import { ResetPasswordModal } from '../users/reset-password-modal.tsx';
import { LoadFailed } from './load-failed.tsx';

/**
 * 用户与角色: accounts in a unit's subtree. The system admin creates accounts; the security admin
 * assigns and revokes roles. Each sees only their own controls, and the server checks both anyway.
 */
export function UsersPage() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;
  const canCreate = me !== null && hasPermission(me, 'users.create');
  const canAssign = me !== null && hasPermission(me, 'roles.grant');
  const canReset = me !== null && hasPermission(me, 'users.resetPassword');

  const { tree, unitName } = useOrgTree();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const { load, reload } = useApiGet(routes.listUsers, { query: { unitId } });
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  async function revoke(user: User, grant: RoleGrant) {
    try {
      await api.call(routes.revokeRole, {
        params: { id: user.id },
        query: { role: grant.role, orgUnitId: grant.orgUnitId },
      });
      void message.success(t('users.revoked'));
    } catch (e) {
      void message.error(errorText(e, locale));
    }
    reload();
  }

  const toolbar = (
    <Space wrap style={{ marginBottom: 16 }}>
      <TreeSelect
        data-testid="users-unit-filter"
        style={{ minWidth: 260 }}
        allowClear
        placeholder={t('users.allUnits')}
        treeData={tree}
        treeDefaultExpandAll
        value={unitId}
        onChange={(v: string | undefined) => setUnitId(v)}
      />
      {canCreate && (
        <Button type="primary" data-testid="users-create" onClick={() => setCreating(true)}>
          {t('users.create')}
        </Button>
      )}
    </Space>
  );

  return (
    <Card title={<Typography.Text strong>{t('nav.users')}</Typography.Text>}>
      {toolbar}
      {load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : (
        <Table<User>
          data-testid="users-table"
          rowKey="id"
          loading={load.status === 'loading'}
          dataSource={load.status === 'ready' ? load.data : []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { key: 'username', dataIndex: 'username', title: t('users.username') },
            { key: 'displayName', dataIndex: 'displayName', title: t('users.displayName') },
            { key: 'unit', title: t('users.unit'), render: (_, u) => unitName(u.unitId) },
            {
              key: 'status',
              title: t('users.status'),
              render: (_, u) =>
                u.locked ? <Tag color="red">{t('users.locked')}</Tag> : <Tag>{t('users.active')}</Tag>,
            },
            {
              key: 'roles',
              title: t('users.roles'),
              render: (_, u) =>
                u.grants.map((g) => (
                  <Tag
                    key={`${g.role}@${g.orgUnitId}`}
                    color="blue"
                    closable={canAssign}
                    onClose={(event) => {
                      event.preventDefault();
                      void revoke(u, g);
                    }}
                  >
                    {t(`role.${g.role}`)} · {unitName(g.orgUnitId)}
                  </Tag>
                )),
            },
            ...(canAssign
              ? [
                  {
                    key: 'actions',
                    title: t('users.actions'),
                    render: (_: unknown, u: User) => (
                      <Button size="small" data-testid={`grant-${u.username}`} onClick={() => setGranting(u)}>
                        {t('users.grant')}
                      </Button>
                    ),
                  },
                ]
              : []),
            ...(canReset
              ? [
                  {
                    key: 'reset',
                    title: t('users.actions'),
                    render: (_: unknown, u: User) =>
                      u.id === me?.id ? null : (
                        <Button
                          size="small"
                          data-testid={`reset-${u.username}`}
                          onClick={() => setResetting(u)}
                        >
                          {t('reset.button')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {resetting && (
        <ResetPasswordModal key={resetting.id} user={resetting} onClose={() => setResetting(null)} />
      )}
      <CreateUserModal
        open={creating}
        tree={tree}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void message.success(t('users.created'));
          reload();
        }}
      />
      {/* Keyed by user: each opening starts from that user's unit and no stale error. */}
      {granting && (
        <GrantRoleModal
          key={granting.id}
          user={granting}
          tree={tree}
          onClose={() => setGranting(null)}
          onGranted={() => {
            setGranting(null);
            void message.success(t('users.granted'));
            reload();
          }}
        />
      )}
    </Card>
  );
}

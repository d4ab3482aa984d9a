import { PlusOutlined } from '@ant-design/icons';
import { type Me, ROLE_PERMISSIONS, routes, type Seal } from '@openseal/contract';
import { Button, Card, Empty, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useSchoolDate } from '../account/school-time-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { CreateSealModal } from '../seals/create-seal-modal.tsx';
import { type SealAction, sealActions } from '../seals/seal-actions.ts';
import { SealAlgorithmTag } from '../seals/seal-algorithm-tag.tsx';
import { SealDrawer } from '../seals/seal-drawer.tsx';
import { SealImage } from '../seals/seal-image.tsx';
import { SealReasonModal, useRequestSubmittedNotice } from '../seals/seal-request.tsx';
import { SealStatusTag } from '../seals/seal-status-tag.tsx';
import { LoadFailed } from './load-failed.tsx';

/**
 * The unit a person's seal work starts from: the first grant that may read seals, else any grant's
 * unit (so someone without seal rights who types the address sees the server's refusal, not a spinner).
 */
function homeUnit(user: Me | null): string | undefined {
  const grants = user?.grants ?? [];
  return (grants.find((g) => ROLE_PERMISSIONS[g.role].includes('seals.read')) ?? grants[0])?.orgUnitId;
}

/**
 * 印章台账: the seals of a unit and its sub-units. Seal admins also ask to make seals, change their
 * status and grant their use — each a request that takes effect once approved — and open a seal to
 * read its trajectory; the server checks every step again.
 */
export function SealsPage() {
  const locale = useLocale();
  const { t } = locale;
  const submitted = useRequestSubmittedNotice();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;
  const canManage = me !== null && hasPermission(me, 'seals.manage');
  const { tree, unitName } = useOrgTree();
  const [unitId, setUnitId] = useState<string | undefined>(() => homeUnit(me));
  const { load, reload } = useApiGet(routes.listSeals, unitId ? { query: { unitId } } : null);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const seals = load.status === 'ready' ? load.data : [];
  const open = seals.find((s) => s.id === openId) ?? null;

  const [changing, setChanging] = useState<{ seal: Seal; action: SealAction } | null>(null);

  const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });
  const day = useSchoolDate();
  const when = (iso: string | null) => (iso ? day(iso) : '—');

  return (
    <Card title={<Typography.Text strong>{t('nav.seals')}</Typography.Text>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <TreeSelect
          data-testid="seals-unit"
          style={{ minWidth: 260 }}
          treeData={tree}
          treeDefaultExpandAll
          value={unitId}
          onChange={(v: string) => setUnitId(v)}
        />
        {canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="seals-create"
            onClick={() => setCreating(true)}
          >
            {t('seals.create')}
          </Button>
        )}
      </Space>
      {load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : (
        <Table<Seal>
          data-testid="seals-table"
          rowKey="id"
          loading={load.status === 'loading'}
          dataSource={seals}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('seals.empty')} /> }}
          columns={[
            {
              key: 'preview',
              title: t('seals.preview'),
              width: 88,
              render: (_, s) => <SealImage seal={s} size={64} />,
            },
            {
              key: 'name',
              title: t('seals.name'),
              onCell: () => ({ style: { minWidth: 200 } }),
              render: (_, s) => (
                <Space direction="vertical" size={0}>
                  <Typography.Link data-testid="seal-open" onClick={() => setOpenId(s.id)}>
                    {s.name}
                  </Typography.Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {unitName(s.ownerUnitId)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              key: 'type',
              title: t('seals.type'),
              onCell: nowrap,
              render: (_, s) => t(`sealType.${s.type}`),
            },
            {
              key: 'status',
              title: t('seals.status'),
              render: (_, s) => <SealStatusTag status={s.status} />,
            },
            {
              key: 'medium',
              title: t('seals.medium'),
              onCell: nowrap,
              render: (_, s) => (
                <Space direction="vertical" size={2}>
                  {s.physical ? (
                    <Tag color="gold">{t('seals.physical')}</Tag>
                  ) : (
                    <Space size={0}>
                      <Tag color="blue">{t('seals.electronic')}</Tag>
                      <SealAlgorithmTag algorithm={s.algorithm} />
                    </Space>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.keyStore ? t(`keyStore.${s.keyStore}`) : t('seals.noKey')}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              key: 'cert',
              title: t('seals.certificate'),
              onCell: nowrap,
              render: (_, s) =>
                s.certificateSerial ? (
                  <Space direction="vertical" size={2}>
                    <Typography.Text code style={{ fontSize: 12 }} title={s.certificateSerial}>
                      {s.certificateSerial.length > 12
                        ? `${s.certificateSerial.slice(0, 12)}…`
                        : s.certificateSerial}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('seals.certNotAfter')} {when(s.certificateNotAfter)}
                    </Typography.Text>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            {
              key: 'actions',
              title: t('seals.actions'),
              onCell: nowrap,
              render: (_, s) => (
                <Space size={0}>
                  <Button type="link" size="small" data-testid="seal-details" onClick={() => setOpenId(s.id)}>
                    {t('seals.details')}
                  </Button>
                  {canManage &&
                    sealActions(s.status).map((action) => (
                      <Button
                        key={action}
                        type="link"
                        size="small"
                        danger={action === 'revoke' || action === 'destroy'}
                        data-testid={`seal-${action}`}
                        onClick={() => setChanging({ seal: s, action })}
                      >
                        {t(`sealAction.${action}`)}
                      </Button>
                    ))}
                </Space>
              ),
            },
          ]}
        />
      )}
      <CreateSealModal
        open={creating}
        tree={tree}
        defaultUnitId={unitId}
        onClose={() => setCreating(false)}
        onCreated={(request) => {
          setCreating(false);
          submitted(request);
        }}
      />
      {changing && (
        <SealReasonModal
          title={t('seals.actionConfirm', {
            action: t(`sealAction.${changing.action}`),
            name: changing.seal.name,
          })}
          warning={changing.action === 'destroy' ? t('seals.destroyWarning') : undefined}
          body={(reason) => ({
            type: `seal.${changing.action}`,
            payload: { sealId: changing.seal.id, reason },
          })}
          onClose={() => setChanging(null)}
          onSubmitted={(request) => {
            setChanging(null);
            submitted(request);
            reload();
          }}
        />
      )}
      {open && (
        <SealDrawer
          key={open.id}
          seal={open}
          canManage={canManage}
          tree={tree}
          unitName={unitName}
          onClose={() => setOpenId(null)}
        />
      )}
    </Card>
  );
}

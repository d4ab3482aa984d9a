import { type Role, routes, type Seal, type SealGrant } from '@openseal/contract';
import {
  Button,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSchoolDate, useSchoolTime } from '../account/school-time-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';
import { LoadFailed } from '../pages/load-failed.tsx';
import { ChangeSealModal } from './change-seal-modal.tsx';
import { GrantForm } from './grant-form.tsx';
import { SealAlgorithmTag } from './seal-algorithm-tag.tsx';
import { SealImage } from './seal-image.tsx';
import { useRequestSubmittedNotice } from './seal-request.tsx';
import { SealStatusTag } from './seal-status-tag.tsx';
import { trajectoryLabel } from './trajectory-label.ts';
import { TransferModal } from './transfer-modal.tsx';

const TIMELINE_COLOR: Readonly<Record<string, string>> = {
  'seal.create': 'green',
  'seal.use': 'blue',
  'seal.suspend': 'orange',
  'seal.revoke': 'red',
  'seal.destroy': 'red',
};

/**
 * One seal: its impression and certificate, who may use it (seal admins ask for new grants) and
 * its trajectory — made, granted, used on which document for what, suspended — from the audit trail.
 */
export function SealDrawer({
  seal,
  canManage,
  tree,
  unitName,
  onClose,
}: {
  seal: Seal;
  canManage: boolean;
  tree: OrgTreeNode[];
  unitName: (id: string) => string;
  onClose: () => void;
}) {
  const locale = useLocale();
  const { t } = locale;
  const submitted = useRequestSubmittedNotice();
  const [transferring, setTransferring] = useState(false);
  const [changing, setChanging] = useState(false);
  const grants = useApiGet(routes.listSealGrants, { params: { id: seal.id } });
  const trajectory = useApiGet(routes.sealTrajectory, { params: { id: seal.id } });
  // The people a seal admin could give the seal to: those of its unit and below.
  const { load: users } = useApiGet(
    routes.listGrantees,
    canManage ? { query: { unitId: seal.ownerUnitId } } : null,
  );
  const when = useSchoolTime();
  const day = useSchoolDate();
  const userById = new Map((users.status === 'ready' ? users.data : []).map((u) => [u.id, u]));

  const grantee = (g: SealGrant) => {
    if (g.userId !== null) {
      const u = userById.get(g.userId);
      return u ? `${u.displayName} (${u.username})` : (g.userName ?? g.userId);
    }
    return t('grants.roleAt', {
      role: g.role ? t(`role.${g.role as Role}`) : '',
      unit: g.unitId ? unitName(g.unitId) : '',
    });
  };

  return (
    <Drawer
      open
      width={720}
      title={seal.name}
      onClose={onClose}
      data-testid="seal-drawer"
      extra={
        <Space>
          {/* The server changes active and suspended seals only. */}
          {canManage && (seal.status === 'active' || seal.status === 'suspended') && (
            <Button size="small" data-testid="seal-change" onClick={() => setChanging(true)}>
              {t('sealAction.change')}
            </Button>
          )}
          {canManage && seal.status !== 'destroyed' && (
            <Button size="small" data-testid="seal-transfer" onClick={() => setTransferring(true)}>
              {t('requestType.seal.transfer')}
            </Button>
          )}
          <SealStatusTag status={seal.status} />
        </Space>
      }
    >
      <Space align="start" size={24} style={{ width: '100%' }}>
        <div style={{ background: '#fafafa', borderRadius: 8, padding: 12 }}>
          <SealImage seal={seal} size={160} />
        </div>
        <Descriptions
          column={1}
          size="small"
          style={{ flex: 1 }}
          items={[
            { key: 'type', label: t('seals.type'), children: t(`sealType.${seal.type}`) },
            { key: 'unit', label: t('seals.ownerUnit'), children: unitName(seal.ownerUnitId) },
            {
              key: 'medium',
              label: t('seals.medium'),
              children: seal.physical ? t('seals.physical') : t('seals.electronic'),
            },
            {
              key: 'key',
              label: t('seals.keyStore'),
              children: seal.keyStore ? t(`keyStore.${seal.keyStore}`) : t('seals.noKey'),
            },
            ...(seal.algorithm
              ? [
                  {
                    key: 'algorithm',
                    label: t('seals.algorithm'),
                    children: <SealAlgorithmTag algorithm={seal.algorithm} />,
                  },
                ]
              : []),
            {
              key: 'custodian',
              label: t('sealRequest.custodian'),
              children: (
                <span data-testid="seal-custodian">
                  {seal.custodianUserId
                    ? (userById.get(seal.custodianUserId)?.displayName ?? seal.custodianUserId)
                    : '—'}
                </span>
              ),
            },
            { key: 'created', label: t('seals.createdAt'), children: when(seal.createdAt) },
          ]}
        />
      </Space>

      <Divider orientation="left">{t('seals.certificate')}</Divider>
      {seal.certificateSerial === null ? (
        <Typography.Text type="secondary">{t('seals.noCertificate')}</Typography.Text>
      ) : (
        <Descriptions
          column={1}
          size="small"
          bordered
          styles={{ label: { whiteSpace: 'nowrap', width: 120 } }}
          data-testid="seal-certificate"
          items={[
            { key: 'subject', label: t('seals.certSubject'), children: seal.certificateSubject },
            { key: 'issuer', label: t('seals.certIssuer'), children: seal.certificateIssuer },
            {
              key: 'serial',
              label: t('seals.certSerial'),
              children: <Typography.Text code>{seal.certificateSerial}</Typography.Text>,
            },
            {
              key: 'notAfter',
              label: t('seals.certNotAfter'),
              children: seal.certificateNotAfter ? when(seal.certificateNotAfter) : '',
            },
          ]}
        />
      )}

      <Divider orientation="left">{t('grants.title')}</Divider>
      {grants.load.status === 'failed' ? (
        <LoadFailed error={grants.load.error} />
      ) : (
        <Table<SealGrant>
          data-testid="seal-grants"
          size="small"
          rowKey="id"
          pagination={false}
          loading={grants.load.status === 'loading'}
          dataSource={grants.load.status === 'ready' ? grants.load.data : []}
          locale={{
            emptyText: <Empty description={t('grants.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />,
          }}
          columns={[
            { key: 'grantee', title: t('grants.grantee'), render: (_, g) => grantee(g) },
            {
              key: 'types',
              title: t('grants.documentTypes'),
              render: (_, g) =>
                g.documentTypes.length === 0 ? (
                  <Typography.Text type="secondary">{t('grants.anyType')}</Typography.Text>
                ) : (
                  g.documentTypes.map((d) => <Tag key={d}>{t(`docType.${d}`)}</Tag>)
                ),
            },
            {
              key: 'uses',
              title: t('grants.usesTitle'),
              onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              render: (_, g) =>
                g.maxUses === null
                  ? t('grants.usesUnlimited', { uses: g.uses })
                  : t('grants.uses', { uses: g.uses, max: g.maxUses }),
            },
            {
              key: 'until',
              title: t('grants.until'),
              render: (_, g) => (g.until ? day(g.until) : t('grants.forever')),
            },
          ]}
        />
      )}
      {canManage && seal.status !== 'destroyed' && (
        <div style={{ marginTop: 16, padding: 16, background: '#fafafa', borderRadius: 8 }}>
          <GrantForm seal={seal} tree={tree} users={users} onSubmitted={submitted} />
        </div>
      )}

      <Divider orientation="left">{t('trajectory.title')}</Divider>
      {trajectory.load.status === 'loading' && <Spin />}
      {trajectory.load.status === 'failed' && <LoadFailed error={trajectory.load.error} />}
      {trajectory.load.status === 'ready' &&
        (trajectory.load.data.length === 0 ? (
          <Empty description={t('trajectory.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Timeline
            data-testid="seal-trajectory"
            items={trajectory.load.data.map((e, i) => ({
              key: `${e.time}-${i}`,
              color: e.outcome === 'success' ? (TIMELINE_COLOR[e.action] ?? 'gray') : 'red',
              children: (
                <div data-testid="trajectory-entry" data-action={e.action}>
                  <Space size={8} wrap>
                    <Typography.Text strong>{trajectoryLabel(e.action, t)}</Typography.Text>
                    <Typography.Text type="secondary">{when(e.time)}</Typography.Text>
                    <span>
                      {t('trajectory.actor')}: {e.actor ?? t('trajectory.system')}
                    </span>
                    {e.outcome !== 'success' && (
                      <Tag color="red">
                        {e.outcome === 'failure' || e.outcome === 'denied'
                          ? t(`audit.outcome.${e.outcome}`)
                          : e.outcome}
                      </Tag>
                    )}
                  </Space>
                  {e.purpose && (
                    <div>
                      {t('trajectory.purpose')}: {e.purpose}
                    </div>
                  )}
                  {e.documentSha256 && (
                    <div>
                      {t('trajectory.document')}:{' '}
                      <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
                        {e.documentSha256}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              ),
            }))}
          />
        ))}
      {transferring && (
        <TransferModal
          seal={seal}
          users={users}
          onClose={() => setTransferring(false)}
          onSubmitted={(request) => {
            setTransferring(false);
            submitted(request);
          }}
        />
      )}
      {changing && (
        <ChangeSealModal
          seal={seal}
          tree={tree}
          onClose={() => setChanging(false)}
          onSubmitted={(request) => {
            setChanging(false);
            submitted(request);
          }}
        />
      )}
    </Drawer>
  );
}

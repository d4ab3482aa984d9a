import { BankOutlined, UserOutlined } from '@ant-design/icons';
import { type ContractDetail, EXTERNAL_USERNAME_PREFIX } from '@openseal/contract';
import { Avatar, List, Space, Tag, Typography } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { PartyStatusTag } from './contract-status-tag.tsx';

const AVATAR_COLOR = {
  waiting: '#bfbfbf',
  ready: '#1677ff',
  signed: '#52c41a',
  declined: '#ff4d4f',
} as const;

/** The parties in signing order: who, where they stand, when they signed and under which certificate. */
export function ContractParties({ contract }: { contract: ContractDetail }) {
  const { t } = useLocale();
  const when = useSchoolTime();
  return (
    <List
      data-testid="contract-parties"
      size="small"
      dataSource={contract.parties}
      rowKey="id"
      renderItem={(p) => (
        <List.Item
          data-testid="contract-party"
          data-party={p.id}
          data-status={p.status}
          style={{ paddingInline: 0 }}
        >
          <List.Item.Meta
            avatar={
              <Avatar size="small" style={{ background: AVATAR_COLOR[p.status] }}>
                {contract.order === 'sequential' ? (
                  p.position
                ) : p.kind === 'person' ? (
                  <UserOutlined />
                ) : (
                  <BankOutlined />
                )}
              </Avatar>
            }
            title={
              <Space wrap size={[6, 2]}>
                {p.kind === 'person' ? <UserOutlined /> : <BankOutlined />}
                <Typography.Text strong>{p.name}</Typography.Text>
                {p.username?.startsWith(EXTERNAL_USERNAME_PREFIX) ? (
                  <Tag>{t('contracts.outsider')}</Tag>
                ) : (
                  p.username && <Typography.Text type="secondary">({p.username})</Typography.Text>
                )}
                <PartyStatusTag status={p.status} />
                {p.mine && p.kind === 'person' && <Tag color="blue">{t('contracts.you')}</Tag>}
                {/* The initiator stamps for the organisation: worth saying while it is still to do. */}
                {p.mine && p.kind === 'organization' && (p.status === 'ready' || p.status === 'waiting') && (
                  <Tag color="blue">{t('contracts.youStamp')}</Tag>
                )}
              </Space>
            }
            description={
              <div style={{ fontSize: 12 }}>
                {p.signedAt && (
                  <div data-testid="contract-party-signed-at">
                    {t(p.kind === 'person' ? 'contracts.signedAt' : 'contracts.sealedAt')}: {when(p.signedAt)}
                  </div>
                )}
                {p.certificateSubject && (
                  <div style={{ wordBreak: 'break-all' }} data-testid="contract-party-subject">
                    {t('contracts.certificateSubject')}: {p.certificateSubject}
                  </div>
                )}
                {p.identity && (
                  <div data-testid="contract-party-identity" data-verified={p.identityVerified === true}>
                    {t('contracts.identityLabel')}: {t(`contracts.identityChoice.${p.identity}`)}
                    {p.identity === 'real-name' &&
                      ` · ${t(p.identityVerified ? 'contracts.identity.verified' : 'contracts.identity.pending')}`}
                  </div>
                )}
                {p.custody && (
                  <div data-testid="contract-party-custody" data-custody={p.custody}>
                    {t('contracts.custodyLabel')}: {t(`contracts.custody.${p.custody}`)}
                  </div>
                )}
                {p.declineReason && (
                  <Typography.Text type="danger" data-testid="contract-party-decline-reason">
                    {t('contracts.declineReason')}: “{p.declineReason}”
                  </Typography.Text>
                )}
              </div>
            }
          />
        </List.Item>
      )}
    />
  );
}

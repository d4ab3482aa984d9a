import { BankOutlined, EditOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import {
  CONTRACT_STATUSES,
  type ContractParty,
  type ContractStatus,
  type ContractSummary,
  MAX_CONTRACT_PAGE,
  routes,
} from '@openseal/contract';
import { Badge, Button, Card, Empty, Input, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';
import { contractPage, NEW_CONTRACT_PATH } from './contract-paths.ts';
import { ContractStatusTag } from './contract-status-tag.tsx';
import { useContractList } from './use-contract-list.ts';

const PARTY_TAG_COLOR: Readonly<Record<ContractParty['status'], string>> = {
  waiting: 'default',
  ready: 'blue',
  signed: 'green',
  declined: 'red',
};

/** One party as a small tag: person or organisation, its name, and where it stands. */
export function PartyChip({ party }: { party: ContractParty }) {
  const { t } = useLocale();
  return (
    <Tag
      data-testid="contract-party-chip"
      data-status={party.status}
      color={PARTY_TAG_COLOR[party.status]}
      icon={party.kind === 'person' ? <UserOutlined /> : <BankOutlined />}
      style={{ marginInlineEnd: 0 }}
    >
      {party.name} · {t(`partyStatus.${party.status}`)}
    </Tag>
  );
}

/**
 * 合同签署: the contracts the signed-in person started or signs in, newest first, a page at a time;
 * those waiting for them stand out (and can be shown alone), and the title and status narrow the
 * list. Whoever may start one finds the button here.
 */
export function ContractsPage() {
  const { t } = useLocale();
  const when = useSchoolTime();
  const navigate = useNavigate();
  const { state } = useSession();
  const canCreate = state.status === 'signed-in' && hasPermission(state.user, 'documents.create');
  const [view, setView] = useState<'all' | 'awaiting'>('all');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<ContractStatus | undefined>(undefined);
  const list = useContractList({ q, status, awaitingMe: view === 'awaiting' });
  // What waits for the person, counted on its own so the badge holds whatever the list shows.
  const waiting = useApiGet(routes.listContracts, { query: { awaitingMe: true, limit: MAX_CONTRACT_PAGE } });
  const awaiting =
    waiting.load.status === 'ready'
      ? `${waiting.load.data.items.length}${waiting.load.data.next ? '+' : ''}`
      : null;

  return (
    <Card
      title={<Typography.Text strong>{t('nav.contracts')}</Typography.Text>}
      extra={
        canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="contract-new"
            onClick={() => navigate(NEW_CONTRACT_PATH)}
          >
            {t('contracts.new')}
          </Button>
        )
      }
      styles={{ body: { padding: 8 } }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, margin: 8 }}>
        <Segmented<'all' | 'awaiting'>
          data-testid="contracts-view"
          value={view}
          onChange={setView}
          options={[
            { value: 'all', label: t('contracts.all') },
            {
              value: 'awaiting',
              label: (
                <Space size={6}>
                  {t('contracts.awaitingMe')}
                  {awaiting && awaiting !== '0' && <Badge count={awaiting} size="small" />}
                </Space>
              ),
            },
          ]}
        />
        <Input.Search
          data-testid="contracts-search"
          allowClear
          placeholder={t('contracts.searchPlaceholder')}
          maxLength={100}
          style={{ flex: '1 1 180px', maxWidth: 320 }}
          onSearch={(value) => setQ(value.trim())}
        />
        <Select<ContractStatus>
          data-testid="contracts-status"
          allowClear
          placeholder={t('contracts.anyStatus')}
          style={{ width: 130 }}
          value={status}
          onChange={(value) => setStatus(value)}
          options={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contractStatus.${s}`) }))}
        />
      </div>
      {list.error !== null && list.items.length === 0 ? (
        <LoadFailed error={list.error} />
      ) : (
        <List<ContractSummary>
          data-testid="contracts-list"
          loading={list.loading && list.items.length === 0}
          dataSource={list.items}
          locale={{
            emptyText: (
              <Empty
                description={t(
                  q || status
                    ? 'contracts.emptyFiltered'
                    : view === 'awaiting'
                      ? 'contracts.emptyAwaiting'
                      : 'contracts.empty',
                )}
              />
            ),
          }}
          loadMore={
            list.more && (
              <div style={{ textAlign: 'center', margin: 12 }}>
                <Button data-testid="contracts-more" loading={list.loading} onClick={list.loadMore}>
                  {t('contracts.loadMore')}
                </Button>
              </div>
            )
          }
          renderItem={(c) => (
            <ContractRow contract={c} when={when} onOpen={() => navigate(contractPage(c.id))} />
          )}
        />
      )}
    </Card>
  );
}

/** One contract in the list: title, status, whether it waits for me, its parties, who and when. */
function ContractRow({
  contract: c,
  when,
  onOpen,
}: {
  contract: ContractSummary;
  when: (at: string) => string;
  onOpen: () => void;
}) {
  const { t } = useLocale();
  return (
    <List.Item
      data-testid="contract-row"
      data-id={c.id}
      data-awaiting={c.awaitingMe}
      style={{
        cursor: 'pointer',
        padding: '12px 8px',
        // What waits for the person is marked twice: the tag, and a band along the row.
        ...(c.awaitingMe
          ? { background: '#fffbe6', boxShadow: 'inset 3px 0 0 #faad14', paddingLeft: 12 }
          : {}),
      }}
      onClick={onOpen}
    >
      <List.Item.Meta
        title={
          <Space wrap size={[8, 4]}>
            <Typography.Link>{c.title}</Typography.Link>
            <ContractStatusTag status={c.status} />
            {c.awaitingMe && (
              <Tag color="gold" icon={<EditOutlined />} data-testid="contract-awaiting-me">
                {t('contracts.awaitingMe')}
              </Tag>
            )}
          </Space>
        }
        description={
          <Space direction="vertical" size={6} style={{ width: '100%' }}>
            <Space wrap size={[6, 6]}>
              {c.parties.map((p) => (
                <PartyChip key={p.id} party={p} />
              ))}
            </Space>
            <Space wrap size={[8, 2]} style={{ fontSize: 12 }}>
              <span>
                {t('contracts.initiator')}: {c.initiatedByMe ? t('contracts.me') : c.initiator}
              </span>
              <span>{when(c.createdAt)}</span>
              {c.deadline && (
                <span>
                  {t('contracts.deadline')}: {c.deadline}
                </span>
              )}
            </Space>
          </Space>
        }
      />
    </List.Item>
  );
}

import { type CredentialSummary, routes } from '@openseal/contract';
import { Card, Grid, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { useSession } from '../auth/session-context.tsx';
import {
  type ArchiveFilter,
  archivePath,
  filterFromSearch,
  searchFromFilter,
} from '../credentials-portal/archive-query.ts';
import { ArchiveSearchForm } from '../credentials-portal/archive-search-form.tsx';
import { CredentialDrawer } from '../credentials-portal/credential-drawer.tsx';
import { CredentialStatusTag } from '../credentials-portal/credential-status-tag.tsx';
import { RetentionTable } from '../credentials-portal/retention-table.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from './load-failed.tsx';

const PAGE_SIZE = 20;

/**
 * 电子档案 (file admins, business auditors): every credential issued in my units, searchable;
 * a drawer with its printed code, verify URL and retention; revocation with a reason; and the
 * retention period of each type. The filter lives in the URL, so a batch job can link to its documents.
 */
export function ArchivePage() {
  const { t, locale } = useLocale();
  const { state } = useSession();
  const user = state.status === 'signed-in' ? state.user : null;
  const canRevoke = user !== null && hasPermission(user, 'credentials.revoke');
  const canManage = user !== null && hasPermission(user, 'archive.manage');
  const wide = Grid.useBreakpoint().md === true;
  const [search, setSearch] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const [open, setOpen] = useState<string | null>(null);
  const results = useApiGet(archivePath(filter, page, pageSize));
  const retention = useApiGet(routes.listRetention);
  const types = retention.load.status === 'ready' ? retention.load.data : [];
  const when = useSchoolTime();

  function searchFor(next: ArchiveFilter) {
    setPage(1);
    setSearch(searchFromFilter(next), { replace: true });
  }

  const list = (
    <>
      <ArchiveSearchForm key={search.toString()} initial={filter} types={types} onSearch={searchFor} />
      {results.load.status === 'failed' ? (
        <LoadFailed error={results.load.error} />
      ) : (
        <Table<CredentialSummary>
          style={{ marginTop: 12 }}
          data-testid="archive-table"
          rowKey="id"
          size="small"
          loading={results.load.status === 'loading'}
          dataSource={results.load.status === 'ready' ? results.load.data.items : []}
          scroll={{ x: 'max-content' }}
          onRow={(c) =>
            ({
              'data-testid': 'archive-row',
              'data-id': c.id,
              style: { cursor: 'pointer' },
              onClick: () => setOpen(c.id),
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: page,
            pageSize,
            total: results.load.status === 'ready' ? results.load.data.total : 0,
            showSizeChanger: true,
            size: 'small',
            showTotal: (total) => t('archive.total', { total }),
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
          columns={[
            {
              key: 'holder',
              title: t('credential.holder'),
              render: (_, c) => (
                <>
                  <div>{c.subjectName}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.subject}
                  </Typography.Text>
                </>
              ),
            },
            {
              key: 'type',
              title: t('credential.type'),
              render: (_, c) => (locale === 'zh-CN' ? c.typeName.zh : c.typeName.en),
            },
            {
              key: 'status',
              title: t('credential.status'),
              render: (_, c) => <CredentialStatusTag status={c.status} />,
            },
            { key: 'issued', title: t('credential.issuedAt'), render: (_, c) => when(c.issuedAt) },
            ...(wide
              ? [
                  { key: 'publicId', title: t('credential.publicId'), dataIndex: 'publicId' },
                  { key: 'retain', title: t('archive.retainUntil'), dataIndex: 'retainUntil' },
                ]
              : []),
          ]}
        />
      )}
    </>
  );

  return (
    <Card
      title={<Typography.Text strong>{t('archive.title')}</Typography.Text>}
      styles={{ body: { paddingTop: 4 } }}
    >
      <Tabs
        data-testid="archive-tabs"
        items={[
          { key: 'credentials', label: t('archive.tab.credentials'), children: list },
          {
            key: 'retention',
            label: t('archive.tab.retention'),
            children:
              retention.load.status === 'failed' ? (
                <LoadFailed error={retention.load.error} />
              ) : (
                <RetentionTable
                  settings={types}
                  loading={retention.load.status === 'loading'}
                  canEdit={canManage}
                  onSaved={retention.reload}
                />
              ),
          },
        ]}
      />
      <CredentialDrawer
        id={open}
        canRevoke={canRevoke}
        onClose={() => setOpen(null)}
        onChanged={results.reload}
      />
    </Card>
  );
}

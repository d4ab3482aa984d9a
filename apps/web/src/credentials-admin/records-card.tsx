import { type CredentialRecordSummary, routes } from '@openseal/contract';
import { Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';
import { CredentialTypeSelect } from './credential-type-select.tsx';

const PAGE_SIZE = 20;

export interface Cohort {
  cohort: string;
  count: number;
}

interface Filter {
  typeCode?: string;
  cohort?: string;
  q?: string;
  page: number;
}

/** 数据记录: the records pushed or imported, by type and cohort, a page at a time. */
export function RecordsCard({ generation }: { generation: number }) {
  const { t } = useLocale();
  const when = useSchoolTime();
  const [filter, setFilter] = useState<Filter>({ page: 1 });
  const { typeCode, cohort, q, page } = filter;
  const { load, reload } = useApiGet(
    routes.listCredentialRecords,
    typeCode ? { query: { typeCode, page, pageSize: PAGE_SIZE, cohort, q } } : null,
  );
  // `generation` changes after an import, so the same filter loads again.
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  const cohorts = useApiGet(routes.listRecordCohorts, typeCode ? { query: { typeCode } } : null);

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <CredentialTypeSelect
          testId="records-type"
          width={260}
          value={filter.typeCode}
          onChange={(typeCode) => setFilter({ page: 1, ...(typeCode ? { typeCode } : {}) })}
        />
        <Select
          data-testid="records-cohort"
          allowClear
          style={{ width: 160 }}
          disabled={!filter.typeCode}
          placeholder={t('data.cohort')}
          value={filter.cohort}
          options={
            cohorts.load.status === 'ready'
              ? cohorts.load.data.map((c) => ({ value: c.cohort, label: `${c.cohort} (${c.count})` }))
              : []
          }
          onChange={(cohort?: string) => setFilter((f) => ({ ...f, page: 1, cohort }))}
        />
        <Input.Search
          data-testid="records-search"
          allowClear
          style={{ width: 220 }}
          placeholder={t('data.records.search')}
          onSearch={(q) => setFilter((f) => ({ ...f, page: 1, q: q.trim() || undefined }))}
        />
      </Space>
      {!filter.typeCode ? (
        <Typography.Paragraph type="secondary">{t('data.records.chooseType')}</Typography.Paragraph>
      ) : load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : (
        <Table<CredentialRecordSummary>
          data-testid="records-table"
          rowKey="id"
          size="small"
          scroll={{ x: 'max-content' }}
          loading={load.status === 'loading'}
          dataSource={load.status === 'ready' ? load.data.items : []}
          onRow={(r) =>
            ({ 'data-testid': 'record-row', 'data-subject': r.subject }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: load.status === 'ready' ? load.data.total : 0,
            showSizeChanger: false,
            showTotal: (total) => t('data.records.total', { n: total }),
            onChange: (page) => setFilter((f) => ({ ...f, page })),
          }}
          columns={[
            {
              key: 'type',
              title: t('data.type'),
              dataIndex: 'typeCode',
              render: (c: string) => <Typography.Text code>{c}</Typography.Text>,
            },
            { key: 'subject', title: t('data.records.subject'), dataIndex: 'subject' },
            { key: 'name', title: t('data.records.name'), dataIndex: 'subjectName' },
            {
              key: 'cohort',
              title: t('data.cohort'),
              dataIndex: 'cohort',
              render: (c: string | null) => c ?? '—',
            },
            {
              key: 'source',
              title: t('data.records.source'),
              dataIndex: 'source',
              render: (s: string) => <Tag>{s}</Tag>,
            },
            {
              key: 'updated',
              title: t('data.records.updatedAt'),
              dataIndex: 'updatedAt',
              render: (v: string) => when(v),
            },
          ]}
        />
      )}
    </>
  );
}

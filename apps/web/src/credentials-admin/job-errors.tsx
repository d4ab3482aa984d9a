import { type CredentialJobDetail, routes } from '@openseal/contract';
import { Table, Typography } from 'antd';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';

type JobError = CredentialJobDetail['errors'][number];

/** The people a job could not issue for, and why (the errors.csv in the ZIP lists the same). */
export function JobErrors({ jobId }: { jobId: string }) {
  const { t } = useLocale();
  const { load } = useApiGet(routes.getCredentialJob, { params: { id: jobId } });
  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  return (
    <Table<JobError & { key: number }>
      data-testid="job-errors"
      size="small"
      scroll={{ x: 'max-content' }}
      loading={load.status === 'loading'}
      dataSource={load.status === 'ready' ? load.data.errors.map((e, i) => ({ ...e, key: i })) : []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('jobs.noErrors') }}
      columns={[
        { key: 'subject', title: t('data.records.subject'), dataIndex: 'subject' },
        { key: 'name', title: t('data.records.name'), dataIndex: 'subjectName' },
        {
          key: 'code',
          title: t('jobs.errorCode'),
          dataIndex: 'code',
          render: (c: string) => <Typography.Text code>{c}</Typography.Text>,
        },
        { key: 'message', title: t('jobs.errorMessage'), dataIndex: 'message' },
      ]}
    />
  );
}

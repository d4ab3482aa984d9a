import { DownloadOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { type CredentialJob, type CredentialJobStatus, routes } from '@openseal/contract';
import { Button, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { apiUrl } from '../api/api-url.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { JobErrors } from './job-errors.tsx';
import { jobPercent, jobProgressStatus } from './job-progress.ts';

const JOB_CONTROL = { pause: routes.pauseCredentialJob, resume: routes.resumeCredentialJob } as const;

const STATUS_COLOR: Record<CredentialJobStatus, string> = {
  running: 'processing',
  paused: 'warning',
  completed: 'success',
};

/** 批量任务: each job's progress, speed and controls; a row opens its per-person errors. */
export function JobsTable({
  jobs,
  loading,
  onChanged,
}: {
  jobs: CredentialJob[];
  loading: boolean;
  onChanged: () => void;
}) {
  const api = useApi();
  const { t, locale } = useLocale();
  const when = useSchoolTime();
  const control = useSubmit(async ({ job, action }: { job: CredentialJob; action: 'pause' | 'resume' }) => {
    await api.call(JOB_CONTROL[action], { params: { id: job.id } });
    onChanged();
  });

  return (
    <>
      <ApiErrorAlert error={control.error} testId="job-control-error" />
      <Table<CredentialJob>
        data-testid="jobs-table"
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={loading}
        dataSource={jobs}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(j) =>
          ({
            'data-testid': 'job-row',
            'data-job': j.id,
            'data-status': j.status,
          }) as React.HTMLAttributes<HTMLElement>
        }
        {...(jobs.some((j) => j.failed > 0)
          ? {
              expandable: {
                rowExpandable: (j: CredentialJob) => j.failed > 0,
                expandedRowRender: (j: CredentialJob) => (
                  <JobErrors key={`${j.id}-${j.failed}`} jobId={j.id} />
                ),
              },
            }
          : {})}
        columns={[
          {
            key: 'type',
            title: t('data.type'),
            render: (_, j) => (
              <>
                <div>{locale === 'zh-CN' ? j.typeName.zh : j.typeName.en}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {j.cohort ? t('jobs.cohortLabel', { cohort: j.cohort }) : t('jobs.chosenPeople')}
                </Typography.Text>
              </>
            ),
          },
          {
            key: 'status',
            title: t('jobs.status'),
            dataIndex: 'status',
            render: (s: CredentialJobStatus) => <Tag color={STATUS_COLOR[s]}>{t(`jobs.status.${s}`)}</Tag>,
          },
          {
            key: 'progress',
            title: t('jobs.progress'),
            render: (_, j) => (
              <div style={{ minWidth: 180 }}>
                <Progress
                  data-testid="job-progress"
                  data-percent={jobPercent(j)}
                  percent={jobPercent(j)}
                  status={jobProgressStatus(j)}
                  size="small"
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="job-counts">
                  {t('jobs.counts', { done: j.done, failed: j.failed, total: j.total })}
                </Typography.Text>
              </div>
            ),
          },
          {
            key: 'rate',
            title: t('jobs.rate'),
            dataIndex: 'rate',
            render: (r: number | null) => (r === null ? '—' : t('jobs.rateValue', { rate: r.toFixed(1) })),
          },
          {
            key: 'created',
            title: t('jobs.createdAt'),
            render: (_, j) => (
              <>
                <div>{when(j.createdAt)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {j.createdBy}
                </Typography.Text>
              </>
            ),
          },
          {
            key: 'actions',
            title: t('jobs.actions'),
            render: (_, j) => (
              <Space wrap size={4}>
                {j.status === 'running' && (
                  <Button
                    size="small"
                    icon={<PauseCircleOutlined />}
                    data-testid="job-pause"
                    onClick={() => void control.submit({ job: j, action: 'pause' })}
                  >
                    {t('jobs.pause')}
                  </Button>
                )}
                {j.status === 'paused' && (
                  <Button
                    size="small"
                    icon={<PlayCircleOutlined />}
                    data-testid="job-resume"
                    onClick={() => void control.submit({ job: j, action: 'resume' })}
                  >
                    {t('jobs.resume')}
                  </Button>
                )}
                {j.done + j.failed > 0 && (
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    data-testid="job-zip"
                    href={apiUrl(routes.credentialJobZip, { params: { id: j.id } })}
                    download
                  >
                    {t('jobs.zip')}
                  </Button>
                )}
                {j.done > 0 && (
                  <Link data-testid="job-archive" to={`/archive?jobId=${encodeURIComponent(j.id)}`}>
                    {t('jobs.archive')}
                  </Link>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

import { Card, Col, Row, Typography } from 'antd';
import { JobCreateCard } from '../credentials-admin/job-create-card.tsx';
import { JobsTable } from '../credentials-admin/jobs-table.tsx';
import { useJobs } from '../credentials-admin/use-jobs.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from './load-failed.tsx';

/** 批量发证 (registrar): start a job for a cohort and follow it to its ZIP and the archive. */
export function JobsPage() {
  const { t } = useLocale();
  const { jobs, error, refresh } = useJobs();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <JobCreateCard onCreated={refresh} />
      </Col>
      <Col xs={24}>
        <Card size="small" title={<Typography.Text strong>{t('jobs.title')}</Typography.Text>}>
          {error && !jobs ? (
            <LoadFailed error={error} />
          ) : (
            <JobsTable jobs={jobs ?? []} loading={jobs === null} onChanged={refresh} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

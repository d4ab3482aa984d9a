import { ThunderboltOutlined } from '@ant-design/icons';
import type { CreateCredentialJobBody, CredentialJob } from '@openseal/contract';
import { Button, Card, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { CredentialTypeSelect } from './credential-type-select.tsx';
import type { Cohort } from './records-card.tsx';

/** 新建批量发证: one credential type for everyone with a record in a cohort. */
export function JobCreateCard({ onCreated }: { onCreated: (job: CredentialJob) => void }) {
  const api = useApi();
  const { t } = useLocale();
  const [typeCode, setTypeCode] = useState<string | undefined>(undefined);
  const [cohort, setCohort] = useState<string | undefined>(undefined);
  const cohorts = useApiGet<Cohort[]>(
    typeCode ? `/api/credential-records/cohorts?typeCode=${encodeURIComponent(typeCode)}` : null,
  );
  const list = cohorts.load.status === 'ready' ? cohorts.load.data : [];
  const count = list.find((c) => c.cohort === cohort)?.count ?? 0;
  const create = useSubmit(async (body: CreateCredentialJobBody) => {
    const job = await api.post<CredentialJob>('/api/credential-jobs', body);
    setCohort(undefined);
    onCreated(job);
  });

  return (
    <Card size="small" title={t('jobs.new')}>
      <ApiErrorAlert error={create.error} testId="job-create-error" />
      <Space wrap align="start">
        <CredentialTypeSelect
          testId="job-type"
          value={typeCode}
          onChange={(v) => {
            setTypeCode(v);
            setCohort(undefined);
          }}
        />
        <Select
          data-testid="job-cohort"
          style={{ width: 200 }}
          placeholder={t('data.cohort')}
          disabled={!typeCode}
          loading={cohorts.load.status === 'loading' && typeCode !== undefined}
          value={cohort}
          options={list.map((c) => ({
            value: c.cohort,
            label: t('jobs.cohortOption', { cohort: c.cohort, n: c.count }),
          }))}
          onChange={(v: string) => setCohort(v)}
        />
        <Popconfirm
          title={t('jobs.startConfirm', { n: count })}
          disabled={!typeCode || !cohort || count === 0}
          onConfirm={() => (typeCode && cohort ? create.submit({ typeCode, cohort }) : undefined)}
        >
          <Button
            type="primary"
            icon={<ThunderboltOutlined />}
            data-testid="job-start"
            disabled={!typeCode || !cohort || count === 0}
            loading={create.submitting}
          >
            {t('jobs.start')}
          </Button>
        </Popconfirm>
      </Space>
      {cohort && (
        <Typography.Paragraph
          type="secondary"
          data-testid="job-count"
          data-count={count}
          style={{ marginTop: 8, marginBottom: 0 }}
        >
          {t('jobs.count', { n: count })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

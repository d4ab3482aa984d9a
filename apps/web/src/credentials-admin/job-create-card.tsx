import { ThunderboltOutlined } from '@ant-design/icons';
import { type CreateCredentialJobBody, type CredentialJob, routes } from '@openseal/contract';
import { App, Button, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { CredentialTypeSelect } from './credential-type-select.tsx';

/**
 * 新建批量发证: one credential type for everyone with a record in a cohort. Before issuing, the server
 * says how many of them already hold one; the registrar is asked plainly whether to issue again.
 */
export function JobCreateCard({ onCreated }: { onCreated: (job: CredentialJob) => void }) {
  const api = useApi();
  const { t } = useLocale();
  const [typeCode, setTypeCode] = useState<string | undefined>(undefined);
  const [cohort, setCohort] = useState<string | undefined>(undefined);
  const cohorts = useApiGet(routes.listRecordCohorts, typeCode ? { query: { typeCode } } : null);
  const list = cohorts.load.status === 'ready' ? cohorts.load.data : [];
  const count = list.find((c) => c.cohort === cohort)?.count ?? 0;
  const { modal } = App.useApp();
  const create = useSubmit(async (body: CreateCredentialJobBody) => {
    const job = await api.call(routes.createCredentialJob, { body });
    setCohort(undefined);
    onCreated(job);
  });
  const start = useSubmit(async (body: CreateCredentialJobBody) => {
    const check = await api.call(routes.checkCredentialJob, { body });
    const again = check.alreadyIssued > 0;
    modal.confirm({
      title: again
        ? check.alreadyIssued === check.people
          ? t('jobs.reissueAll', { n: check.people })
          : t('jobs.reissueSome', { n: check.people, m: check.alreadyIssued })
        : t('jobs.startConfirm', { n: check.people }),
      content: again ? t('jobs.reissueHint') : undefined,
      okText: again ? t('jobs.reissueOk') : undefined,
      onOk: () => create.submit({ ...body, ...(again ? { reissue: true } : {}) }),
    });
  });

  return (
    <Card size="small" title={t('jobs.new')}>
      <ApiErrorAlert error={create.error ?? start.error} testId="job-create-error" />
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
        <Button
          type="primary"
          icon={<ThunderboltOutlined />}
          data-testid="job-start"
          disabled={!typeCode || !cohort || count === 0}
          loading={start.submitting || create.submitting}
          onClick={() => (typeCode && cohort ? start.submit({ typeCode, cohort }) : undefined)}
        >
          {t('jobs.start')}
        </Button>
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

import { CheckCircleOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportReport, RecordProblem } from '@openseal/contract';
import { Alert, Button, Descriptions, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { CredentialTypeSelect } from './credential-type-select.tsx';
import { importContentType, importTemplatePath, uploadImport } from './upload-import.ts';

/** A report and whether it came from the dry run (check) or the import itself. */
interface Outcome {
  report: ImportReport;
  dryRun: boolean;
}

/**
 * 导入: a CSV or XLSX file of records for one credential type. It is always checked first (dry
 * run); the import runs only on a file without problems, all rows or none.
 */
export function ImportCard({ onImported }: { onImported: () => void }) {
  const api = useApi();
  const { t, locale } = useLocale();
  const [typeCode, setTypeCode] = useState<string | undefined>(undefined);
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = useSubmit(async (dryRun: boolean) => {
    if (!typeCode || !file) return;
    const report = await uploadImport(api, file, typeCode, dryRun);
    setOutcome({ report, dryRun });
    if (!dryRun && report.imported) onImported();
  });
  const reset = () => setOutcome(null);
  const checkedClean =
    outcome?.dryRun === true && outcome.report.problems.length === 0 && outcome.report.rows > 0;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('data.import.hint')}
      </Typography.Paragraph>
      <Space wrap>
        <CredentialTypeSelect
          testId="import-type"
          value={typeCode}
          onChange={(v) => {
            setTypeCode(v);
            reset();
          }}
        />
        <Button
          icon={<DownloadOutlined />}
          data-testid="import-template"
          disabled={!typeCode}
          href={typeCode ? importTemplatePath(typeCode, locale) : undefined}
          download
        >
          {t('data.import.template')}
        </Button>
        <Upload
          accept=".csv,.xlsx"
          maxCount={1}
          data-testid="import-file"
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          beforeUpload={(f) => {
            if (!importContentType(f.name)) return Upload.LIST_IGNORE;
            setFile(f);
            reset();
            return false;
          }}
          onRemove={() => {
            setFile(null);
            reset();
          }}
        >
          <Button icon={<UploadOutlined />}>{t('data.import.choose')}</Button>
        </Upload>
      </Space>
      <Space wrap>
        <Button
          data-testid="import-check"
          disabled={!typeCode || !file}
          loading={run.submitting && !checkedClean}
          onClick={() => void run.submit(true)}
        >
          {t('data.import.check')}
        </Button>
        <Button
          type="primary"
          data-testid="import-run"
          disabled={!checkedClean}
          loading={run.submitting && checkedClean}
          onClick={() => void run.submit(false)}
        >
          {t('data.import.run')}
        </Button>
      </Space>
      <ApiErrorAlert error={run.error} testId="import-error" />
      {outcome && <ImportReportView outcome={outcome} />}
    </Space>
  );
}

function ImportReportView({ outcome: { report, dryRun } }: { outcome: Outcome }) {
  const { t, locale } = useLocale();
  const zh = locale === 'zh-CN';
  const problems = report.problems.length;
  let banner: React.ReactNode;
  if (problems > 0) {
    banner = <Alert type="error" showIcon message={t('data.import.problems', { n: problems })} />;
  } else if (dryRun) {
    banner = <Alert type="info" showIcon message={t('data.import.checked')} />;
  } else {
    banner = (
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleOutlined />}
        message={t('data.import.done', { created: report.created, updated: report.updated })}
      />
    );
  }
  return (
    <div data-testid="import-report" data-imported={report.imported} data-problems={problems}>
      {banner}
      <Descriptions
        size="small"
        column={{ xs: 2, sm: 3, md: 5, lg: 5, xl: 5, xxl: 5 }}
        style={{ marginTop: 12 }}
      >
        <Descriptions.Item label={t('data.import.rows')}>{report.rows}</Descriptions.Item>
        <Descriptions.Item label={t('data.import.people')}>{report.people}</Descriptions.Item>
        <Descriptions.Item label={t('data.import.created')}>{report.created}</Descriptions.Item>
        <Descriptions.Item label={t('data.import.updated')}>{report.updated}</Descriptions.Item>
        <Descriptions.Item label={t('data.import.unchanged')}>{report.unchanged}</Descriptions.Item>
      </Descriptions>
      {problems > 0 && (
        <Table<RecordProblem & { key: number }>
          data-testid="import-problems"
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={problems > 20 ? { pageSize: 20 } : false}
          dataSource={report.problems.map((p, i) => ({ ...p, key: i }))}
          onRow={() => ({ 'data-testid': 'import-problem' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'row', title: t('data.import.row'), dataIndex: 'row', width: 70 },
            {
              key: 'field',
              title: t('data.import.field'),
              render: (_: unknown, p: RecordProblem) => {
                const label = p.column ? p.column[zh ? 'zh' : 'en'] : p.field;
                return label ? <Typography.Text strong>{label}</Typography.Text> : '—';
              },
            },
            {
              key: 'message',
              title: t('data.import.message'),
              render: (_: unknown, p: RecordProblem) => (zh ? (p.messageZh ?? p.message) : p.message),
            },
          ]}
        />
      )}
    </div>
  );
}

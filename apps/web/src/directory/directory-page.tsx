import { UploadOutlined } from '@ant-design/icons';
import { type DirectoryFlaggedRequest, type DirectoryRun, routes } from '@openseal/contract';
import { App, Button, Card, Checkbox, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { listTableProps } from '../api/list-table-props.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { DirectoryDiffTable } from './directory-diff-table.tsx';
import { DirectorySourceForm } from './directory-source-form.tsx';

const OUTCOME_COLOR: Readonly<Record<DirectoryRun['outcome'], string>> = {
  previewed: 'default',
  applied: 'green',
  refused: 'orange',
  failed: 'red',
};

/** 组织与人员同步: the LDAP source, a dry-run preview and apply (LDAP or CSV), and the history. */
export function DirectoryPage() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const config = useApiGet(routes.getDirectoryConfig);
  const runs = useApiGet(routes.listDirectoryRuns);
  const flagged = useApiGet(routes.listDirectoryFlagged);
  const [preview, setPreview] = useState<DirectoryRun | null>(null);
  const [force, setForce] = useState(false);
  const [csv, setCsv] = useState<{ units?: string; people?: string }>({});
  const [busy, setBusy] = useState(false);

  async function run(source: 'ldap' | 'csv', dryRun: boolean) {
    setBusy(true);
    try {
      const body = { dryRun, ...(force ? { force: true } : {}) };
      const result =
        source === 'ldap'
          ? await api.call(routes.postDirectorySync, { body })
          : await api.call(routes.postDirectoryCsv, {
              body: { ...body, unitsCsv: csv.units ?? '', peopleCsv: csv.people ?? '' },
            });
      setPreview(result);
      if (!dryRun) void message.success(t('directory.applied'));
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setBusy(false);
      runs.reload();
      flagged.reload();
    }
  }

  const pick = (which: 'units' | 'people', label: MessageKey) => (
    <Upload
      accept=".csv,text/csv"
      showUploadList={false}
      beforeUpload={(file) => {
        void file.text().then((text) => setCsv((c) => ({ ...c, [which]: text })));
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} data-testid={`directory-${which}-file`}>
        {t(label)}
        {csv[which] !== undefined && ' ✓'}
      </Button>
    </Upload>
  );
  const view = config.load.status === 'ready' ? config.load.data : null;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3}>{t('directory.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('directory.intro')}</Typography.Paragraph>
      </div>
      {view && (
        <DirectorySourceForm config={view.config} passwordSet={view.passwordSet} onSaved={config.reload} />
      )}
      <Card>
        <Space wrap>
          <Button
            loading={busy}
            disabled={!view?.config}
            onClick={() => void run('ldap', true)}
            data-testid="directory-preview"
          >
            {t('directory.preview')}
          </Button>
          <Button
            type="primary"
            danger={force}
            loading={busy}
            disabled={!view?.config}
            onClick={() => void run('ldap', false)}
            data-testid="directory-apply"
          >
            {t('directory.apply')}
          </Button>
          <Checkbox
            checked={force}
            onChange={(e) => setForce(e.target.checked)}
            data-testid="directory-force"
          >
            {t('directory.force')}
          </Checkbox>
        </Space>
      </Card>
      <Card title={t('directory.csv')}>
        <Typography.Paragraph type="secondary">{t('directory.csvHint')}</Typography.Paragraph>
        <Space wrap>
          {pick('units', 'directory.unitsFile')}
          {pick('people', 'directory.peopleFile')}
          <Button
            loading={busy}
            disabled={!csv.units || !csv.people}
            onClick={() => void run('csv', true)}
            data-testid="directory-csv-preview"
          >
            {t('directory.preview')}
          </Button>
          <Button
            type="primary"
            loading={busy}
            disabled={!csv.units || !csv.people}
            onClick={() => void run('csv', false)}
            data-testid="directory-csv-apply"
          >
            {t('directory.apply')}
          </Button>
        </Space>
      </Card>
      {preview?.diff && (
        <Card title={t('directory.diff')}>
          <DirectoryDiffTable diff={preview.diff} />
        </Card>
      )}
      {flagged.load.status === 'ready' && flagged.load.data.length > 0 && (
        <Card title={t('directory.flagged')}>
          <Table<DirectoryFlaggedRequest>
            {...listTableProps(flagged.load)}
            data-testid="directory-flagged"
            columns={[
              { title: t('directory.requestTitle'), dataIndex: 'title' },
              { title: t('directory.requester'), dataIndex: 'requester' },
              {
                title: t('directory.flag'),
                dataIndex: 'flag',
                render: (f: DirectoryFlaggedRequest['flag']) => (
                  <Tag color="orange">{t(`directory.flag.${f}`)}</Tag>
                ),
              },
              {
                title: t('directory.startedAt'),
                dataIndex: 'updatedAt',
                render: (s: string) => s.replace('T', ' ').slice(0, 19),
              },
            ]}
          />
        </Card>
      )}
      <Card title={t('directory.history')}>
        <Table<DirectoryRun>
          {...listTableProps(runs.load)}
          data-testid="directory-history"
          columns={[
            {
              title: t('directory.startedAt'),
              dataIndex: 'startedAt',
              render: (s: string) => s.replace('T', ' ').slice(0, 19),
            },
            { title: 'LDAP / CSV', dataIndex: 'source', render: (s: string) => s.toUpperCase() },
            {
              title: t('directory.trigger'),
              dataIndex: 'trigger',
              render: (s: DirectoryRun['trigger']) => t(`directory.trigger.${s}`),
            },
            {
              title: t('directory.outcome'),
              dataIndex: 'outcome',
              render: (o: DirectoryRun['outcome'], r) => (
                <Tag color={OUTCOME_COLOR[o]} title={r.error ?? undefined}>
                  {t(`directory.outcome.${o}`)}
                </Tag>
              ),
            },
            {
              title: t('directory.changes'),
              render: (_: unknown, r: DirectoryRun) =>
                r.diff ? r.diff.units.length + r.diff.people.length : '—',
            },
            { title: t('directory.actor'), dataIndex: 'actor' },
          ]}
        />
      </Card>
    </Space>
  );
}

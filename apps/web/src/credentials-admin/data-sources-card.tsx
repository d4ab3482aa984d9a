import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { type DataSource, routes } from '@openseal/contract';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSchoolDate, useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { listTableProps } from '../api/list-table-props.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';

interface Created {
  source: DataSource;
  apiKey: string;
}

/** 数据源: the academic and HR systems that push records, each with its own API key. */
export function DataSourcesCard() {
  const api = useApi();
  const { t } = useLocale();
  const when = useSchoolTime();
  const day = useSchoolDate();
  const { message } = App.useApp();
  const { load, reload } = useApiGet(routes.listDataSources);
  const [creating, setCreating] = useState(false);
  // The key lives only in this state while the dialog is open: it is never stored or shown again.
  const [created, setCreated] = useState<Created | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const create = useSubmit(async ({ name }: { name: string }) => {
    const answer = await api.call(routes.createDataSource, { body: { name: name.trim() } });
    setCreating(false);
    form.resetFields();
    setCreated(answer);
    reload();
  });
  const revoke = useSubmit(async (source: DataSource) => {
    await api.call(routes.revokeDataSource, { params: { id: source.id } });
    void message.success(t('data.sources.revoked', { name: source.name }));
    reload();
  });

  if (load.status === 'failed') return <LoadFailed error={load.error} />;
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        data-testid="data-source-new"
        onClick={() => setCreating(true)}
        style={{ marginBottom: 16 }}
      >
        {t('data.sources.new')}
      </Button>
      <ApiErrorAlert error={revoke.error} testId="data-source-revoke-error" />
      <Table<DataSource>
        data-testid="data-sources-table"
        {...listTableProps(load)}
        columns={[
          { key: 'name', title: t('data.sources.name'), dataIndex: 'name' },
          {
            key: 'prefix',
            title: t('data.sources.keyPrefix'),
            dataIndex: 'keyPrefix',
            render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
          },
          {
            key: 'created',
            title: t('data.sources.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => when(v),
          },
          {
            key: 'status',
            title: t('data.sources.status'),
            dataIndex: 'revokedAt',
            render: (v: string | null) =>
              v ? (
                <Tag>{t('data.sources.revokedAt', { at: day(v) })}</Tag>
              ) : (
                <Tag color="green">{t('data.sources.active')}</Tag>
              ),
          },
          {
            key: 'actions',
            title: '',
            render: (_, s) =>
              s.revokedAt ? null : (
                <Popconfirm
                  title={t('data.sources.revokeConfirm', { name: s.name })}
                  onConfirm={() => revoke.submit(s)}
                >
                  <Button danger size="small" data-testid="data-source-revoke">
                    {t('data.sources.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('data.sources.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.submitting}
        destroyOnHidden
      >
        <ApiErrorAlert error={create.error} testId="data-source-create-error" />
        <Form form={form} layout="vertical" onFinish={(v) => void create.submit(v)}>
          <Form.Item
            name="name"
            label={t('data.sources.name')}
            extra={t('data.sources.nameHint')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input data-testid="data-source-name" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={created !== null}
        title={
          <>
            <KeyOutlined /> {t('data.sources.keyTitle', { name: created?.source.name ?? '' })}
          </>
        }
        closable={false}
        maskClosable={false}
        destroyOnHidden
        footer={
          <Button type="primary" data-testid="data-source-key-done" onClick={() => setCreated(null)}>
            {t('data.sources.keyDone')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('data.sources.keyOnce')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph
          data-testid="data-source-key"
          code
          copyable={{ text: created?.apiKey ?? '', tooltips: [t('data.copy'), t('data.copied')] }}
          style={{ wordBreak: 'break-all' }}
        >
          {created?.apiKey}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

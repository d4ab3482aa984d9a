import { routes, type SmsSettings, type SmsSettingsBody } from '@openseal/contract';
import { Alert, App, Button, Card, Form, Input, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/**
 * 短信服务: the system admin's SMS gateway for external signers' invitations and codes (the demo
 * outbox, or a generic HTTP gateway whose secret is write-only), and the demo's outbox, where a demo
 * can read the codes a real phone would get (短信发件箱 demo).
 */
export function SmsSettingsPage() {
  const { t } = useLocale();
  const settings = useApiGet(routes.getSmsSettings);
  const outbox = useApiGet(routes.smsOutbox);
  const when = useSchoolTime();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={3} data-testid="sms-settings-title">
        {t('sms.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('sms.intro')}</Typography.Paragraph>
      {settings.load.status === 'ready' && (
        <GatewayCard
          stored={settings.load.data}
          onSaved={() => {
            settings.reload();
            outbox.reload();
          }}
        />
      )}
      {settings.load.status === 'failed' && (
        <Alert type="error" data-testid="load-failed" message={String(settings.load.error)} />
      )}
      <Card
        title={t('sms.outbox')}
        data-testid="sms-outbox"
        extra={<Button onClick={outbox.reload}>{t('sms.refresh')}</Button>}
      >
        <Typography.Paragraph type="secondary">{t('sms.outboxHint')}</Typography.Paragraph>
        <Table
          size="small"
          rowKey={(r) => `${r.at}-${r.to}-${r.text}`}
          loading={outbox.load.status === 'loading'}
          dataSource={outbox.load.status === 'ready' ? outbox.load.data.items : []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('sms.at'), dataIndex: 'at', width: 220, render: (at: string) => when(at) },
            { title: t('sms.to'), dataIndex: 'to', width: 130 },
            { title: t('sms.text'), dataIndex: 'text' },
          ]}
        />
      </Card>
    </Space>
  );
}

type GatewayForm = { provider: 'demo' | 'http'; url?: string; secret?: string };

function GatewayCard({ stored, onSaved }: { stored: SmsSettings; onSaved: () => void }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [form] = Form.useForm<GatewayForm>();
  const [busy, setBusy] = useState(false);
  const provider = Form.useWatch('provider', form) ?? stored.provider ?? 'demo';

  async function save({ provider, url, secret }: GatewayForm) {
    setBusy(true);
    try {
      const body: SmsSettingsBody = {
        provider,
        ...(provider === 'http' && url ? { url } : {}),
        ...(provider === 'http' && secret ? { secret } : {}),
      };
      await api.call(routes.putSmsSettings, { body });
      message.success(t('sms.saved'));
      form.setFieldValue('secret', '');
      onSaved();
    } catch (e) {
      message.error(errorText(e, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('sms.gateway')} data-testid="sms-gateway">
      <Form<GatewayForm>
        form={form}
        layout="vertical"
        style={{ maxWidth: 560 }}
        initialValues={{ provider: stored.provider ?? 'demo', url: stored.url ?? '' }}
        onFinish={save}
      >
        <Form.Item name="provider" label={t('sms.provider')}>
          <Radio.Group
            options={[
              { value: 'demo', label: t('sms.providerDemo') },
              { value: 'http', label: t('sms.providerHttp') },
            ]}
          />
        </Form.Item>
        {provider === 'http' && (
          <>
            <Form.Item name="url" label={t('sms.url')} rules={[{ required: true, pattern: /^https?:\/\// }]}>
              <Input placeholder="https://sms.example.edu.cn/send" />
            </Form.Item>
            <Form.Item
              name="secret"
              label={t('sms.secret')}
              extra={stored.secretSet ? t('sms.secretKept') : undefined}
              rules={[{ required: !stored.secretSet }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="sms-save">
          {t('sms.save')}
        </Button>
      </Form>
    </Card>
  );
}

import { type CreateWebhookBody, routes, WEBHOOK_EVENT_TYPES } from '@openseal/contract';
import { Alert, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** New subscription; once created, the signing secret is shown this one time. */
export function WebhookCreateModal({
  open,
  onClose,
}: {
  open: boolean;
  onClose: (created: boolean) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<CreateWebhookBody>();
  const [secret, setSecret] = useState<string | null>(null);
  const { submit, submitting, error } = useSubmit(async (values: CreateWebhookBody) => {
    const created = await api.call(routes.createWebhook, {
      body: { ...values, description: values.description ?? '' },
    });
    setSecret(created.secret);
  });
  const close = () => {
    const created = secret !== null;
    setSecret(null);
    form.resetFields();
    onClose(created);
  };
  return (
    <Modal
      open={open}
      title={secret ? t('webhooks.created') : t('webhooks.new')}
      onCancel={close}
      onOk={secret ? close : () => form.submit()}
      okText={secret ? undefined : t('webhooks.create')}
      okButtonProps={{ loading: submitting }}
      cancelButtonProps={secret ? { style: { display: 'none' } } : {}}
      destroyOnHidden
    >
      {secret ? (
        <>
          <Alert type="warning" showIcon message={t('webhooks.secretOnce')} style={{ marginBottom: 12 }} />
          <Typography.Text strong>{t('webhooks.secret')}</Typography.Text>
          <Typography.Paragraph copyable code data-testid="webhook-secret" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Typography.Paragraph>
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ events: [] }}>
          {error !== null && (
            <Alert type="error" showIcon message={errorText(error, locale)} style={{ marginBottom: 12 }} />
          )}
          <Form.Item
            name="url"
            label={t('webhooks.url')}
            rules={[{ required: true, pattern: /^https?:\/\/.+/ }]}
          >
            <Input
              data-testid="webhook-url"
              placeholder="https://oa.example.edu.cn/openseal"
              maxLength={2000}
            />
          </Form.Item>
          <Form.Item name="description" label={t('webhooks.description')}>
            <Input data-testid="webhook-description" maxLength={200} />
          </Form.Item>
          <Form.Item
            name="events"
            label={t('webhooks.events')}
            rules={[{ required: true, type: 'array', min: 1 }]}
          >
            <Checkbox.Group
              data-testid="webhook-events"
              options={WEBHOOK_EVENT_TYPES.map((e) => ({ value: e, label: t(`webhooks.event.${e}`) }))}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

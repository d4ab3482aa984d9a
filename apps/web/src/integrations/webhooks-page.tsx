import { routes, type WebhookEventType, type WebhookSubscription } from '@openseal/contract';
import { App, Button, Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { listTableProps } from '../api/list-table-props.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { AllowedHostsCard } from './allowed-hosts-card.tsx';
import { WebhookCreateModal } from './webhook-create-modal.tsx';
import { WebhookDeliveries } from './webhook-deliveries.tsx';

/** 事件推送 for the system admin: subscriptions, their delivery logs, and the allowed internal hosts. */
export function WebhooksPage() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const list = useApiGet(routes.listWebhooks);
  const [creating, setCreating] = useState(false);
  const [showing, setShowing] = useState<string | null>(null);

  async function setEnabled(id: string, enabled: boolean) {
    try {
      await api.call(routes.updateWebhook, { params: { id }, body: { enabled } });
      list.reload();
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={<Typography.Text strong>{t('webhooks.title')}</Typography.Text>}
        extra={
          <Button type="primary" onClick={() => setCreating(true)} data-testid="webhook-new">
            {t('webhooks.new')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
        <Table<WebhookSubscription>
          {...listTableProps(list.load)}
          data-testid="webhook-list"
          locale={{ emptyText: t('webhooks.none') }}
          columns={[
            {
              key: 'url',
              title: t('webhooks.url'),
              render: (_: unknown, s) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {s.url}
                  </Typography.Text>
                  {s.description && <Typography.Text type="secondary">{s.description}</Typography.Text>}
                </Space>
              ),
            },
            {
              key: 'events',
              title: t('webhooks.events'),
              dataIndex: 'events',
              render: (events: WebhookEventType[]) =>
                events.map((e) => <Tag key={e}>{t(`webhooks.event.${e}`)}</Tag>),
            },
            {
              key: 'enabled',
              title: t('webhooks.enabled'),
              dataIndex: 'enabled',
              render: (enabled: boolean, s) => (
                <Switch
                  checked={enabled}
                  size="small"
                  onChange={(v) => void setEnabled(s.id, v)}
                  data-testid="webhook-enabled"
                />
              ),
            },
            {
              key: 'actions',
              render: (_: unknown, s) => (
                <Button size="small" onClick={() => setShowing(s.id)} data-testid="webhook-show-deliveries">
                  {t('webhooks.deliveries')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <AllowedHostsCard />
      <WebhookCreateModal
        open={creating}
        onClose={(created) => {
          setCreating(false);
          if (created) list.reload();
        }}
      />
      {showing && <WebhookDeliveries subscriptionId={showing} onClose={() => setShowing(null)} />}
    </Space>
  );
}

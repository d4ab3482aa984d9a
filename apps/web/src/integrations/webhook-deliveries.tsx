import { routes, type WebhookDelivery, type WebhookDeliveryStatus } from '@openseal/contract';
import { App, Button, Drawer, Grid, Table, Tag, Typography } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { listTableProps } from '../api/list-table-props.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';

const STATUS_COLOR: Record<WebhookDeliveryStatus, string> = {
  pending: 'processing',
  succeeded: 'success',
  failed: 'error',
};

/** One subscription's delivery log: each delivery with its tries, and a redeliver button. */
export function WebhookDeliveries({
  subscriptionId,
  onClose,
}: {
  subscriptionId: string;
  onClose: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const { message } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const deliveries = useApiGet(routes.listWebhookDeliveries, { params: { id: subscriptionId } });

  async function redeliver(id: string) {
    try {
      await api.call(routes.redeliverWebhook, { params: { id } });
      void message.success(t('webhooks.redelivered'));
      deliveries.reload();
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }

  return (
    <Drawer open onClose={onClose} width={narrow ? '100%' : 900} title={t('webhooks.deliveries')}>
      <Table<WebhookDelivery>
        {...listTableProps(deliveries.load)}
        data-testid="webhook-deliveries"
        expandable={{ expandedRowRender: (d) => <Attempts delivery={d} /> }}
        columns={[
          {
            key: 'time',
            title: t('webhooks.createdAt'),
            dataIndex: 'createdAt',
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (v: string) => when(v),
          },
          {
            key: 'event',
            title: t('webhooks.event'),
            dataIndex: 'eventType',
            render: (v: string) => t(`webhooks.event.${v}` as MessageKey),
          },
          {
            key: 'status',
            title: t('webhooks.status'),
            dataIndex: 'status',
            render: (s: WebhookDeliveryStatus) => (
              <Tag color={STATUS_COLOR[s]} data-testid="webhook-delivery-status">
                {t(`webhooks.status.${s}`)}
              </Tag>
            ),
          },
          {
            key: 'attempts',
            title: t('webhooks.attempts'),
            render: (_: unknown, d) => (
              <span data-testid="webhook-delivery-attempts">{d.attempts.length}</span>
            ),
          },
          {
            key: 'last',
            title: t('webhooks.lastResult'),
            render: (_: unknown, d) => {
              const last = d.attempts.at(-1);
              return last
                ? (last.statusCode ?? <Typography.Text type="danger">{last.error}</Typography.Text>)
                : '—';
            },
          },
          {
            key: 'next',
            title: t('webhooks.nextAttempt'),
            dataIndex: 'nextAttemptAt',
            render: (v: string | null) => (v ? when(v) : '—'),
          },
          {
            key: 'actions',
            render: (_: unknown, d) => (
              <Button size="small" onClick={() => void redeliver(d.id)} data-testid="webhook-redeliver">
                {t('webhooks.redeliver')}
              </Button>
            ),
          },
        ]}
      />
    </Drawer>
  );
}

function Attempts({ delivery }: { delivery: WebhookDelivery }) {
  const { t } = useLocale();
  const when = useSchoolTime();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid="webhook-attempts">
      {delivery.attempts.map((a) => (
        <li key={a.attempt}>
          {t('webhooks.attempt', { n: a.attempt })} · {when(a.at)} · {a.statusCode ?? '—'} ·{' '}
          {t('webhooks.duration', { ms: a.durationMs })}
          {a.error && <Typography.Text type="danger"> · {a.error}</Typography.Text>}
          {a.responseBody && (
            <Typography.Text type="secondary" code style={{ wordBreak: 'break-all' }}>
              {' '}
              {a.responseBody.slice(0, 200)}
            </Typography.Text>
          )}
        </li>
      ))}
    </ul>
  );
}

import { BellOutlined } from '@ant-design/icons';
import { type Notification, routes } from '@openseal/contract';
import { Badge, Button, Dropdown, Empty, List, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { apiUrl } from '../api/api-url.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { useInbox } from '../requests/inbox-context.tsx';
import { requestPage } from '../requests/request-paths.ts';
import { usePolled } from '../requests/use-polled.ts';

const REASONS = new Set([
  'pending',
  'reminder',
  'overdue',
  'escalated',
  'approved',
  'rejected',
  'returned',
  'withdrawn',
]);

export function notificationText(reason: string, t: (key: MessageKey) => string): string {
  return REASONS.has(reason) ? t(`notify.${reason}` as MessageKey) : reason;
}

/** The header's bell: unread notifications counted; opening the list marks them read. */
export function NotificationBell() {
  const api = useApi();
  const { t } = useLocale();
  const when = useSchoolTime();
  const navigate = useNavigate();
  const { generation, refresh } = useInbox();
  const [marked, setMarked] = useState(0);
  const list = usePolled(apiUrl(routes.listNotifications), 30_000, `${generation}-${marked}`);
  const unread = (list ?? []).filter((n) => n.readAt === null).length;
  const [open, setOpen] = useState(false);

  async function onOpenChange(next: boolean) {
    setOpen(next);
    if (next && unread > 0) {
      try {
        await api.call(routes.readNotifications);
      } finally {
        setMarked((m) => m + 1);
      }
    }
  }

  return (
    <Dropdown
      open={open}
      onOpenChange={(next) => void onOpenChange(next)}
      trigger={['click']}
      placement="bottomRight"
      popupRender={() => (
        <div
          data-testid="notifications"
          style={{
            background: '#fff',
            boxShadow: '0 6px 16px rgba(0,0,0,0.12)',
            borderRadius: 8,
            width: 320,
            maxWidth: '92vw',
            maxHeight: 420,
            overflow: 'auto',
          }}
        >
          <List<Notification>
            size="small"
            header={
              <Typography.Text strong style={{ paddingLeft: 12 }}>
                {t('notify.title')}
              </Typography.Text>
            }
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />,
            }}
            dataSource={(list ?? []).slice(0, 30)}
            renderItem={(n) => (
              <List.Item
                data-testid="notification"
                style={{
                  cursor: 'pointer',
                  padding: '8px 12px',
                  background: n.readAt ? undefined : '#e6f4ff',
                }}
                onClick={() => {
                  setOpen(false);
                  refresh();
                  navigate(requestPage(n.requestId));
                }}
              >
                <List.Item.Meta title={notificationText(n.reason, t)} description={when(n.createdAt)} />
              </List.Item>
            )}
          />
        </div>
      )}
    >
      <Badge count={unread} size="small">
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notify.title')}
          data-testid="notification-bell"
        />
      </Badge>
    </Dropdown>
  );
}

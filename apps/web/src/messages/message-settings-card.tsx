import {
  CHANNEL_NAMES,
  type ChannelName,
  MESSAGE_KINDS,
  type MessageKind,
  type MessagePreference,
  type MyMessageSettings,
  routes,
} from '@openseal/contract';
import { Alert, App, Card, Radio, Space, Switch, Table, Typography } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** 消息通知: the person's own message language and, per kind, the channels it reaches them on. */
export function MessageSettingsCard() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const settings = useApiGet(routes.getMyMessageSettings);

  async function change(body: { locale?: 'zh' | 'en'; preferences?: MessagePreference[] }) {
    try {
      await api.call(routes.putMyMessageSettings, { body });
      void message.success(t('messages.saved'));
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      settings.reload();
    }
  }

  if (settings.load.status !== 'ready') return <Card title={t('messages.title')} loading />;
  const mine: MyMessageSettings = settings.load.data;
  const channels = CHANNEL_NAMES.filter((c) => mine.channels.includes(c));
  const on = (kind: MessageKind, channel: ChannelName) =>
    mine.preferences.find((p) => p.kind === kind && p.channel === channel)?.enabled ?? true;

  return (
    <Card title={t('messages.title')} data-testid="message-settings">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('messages.intro')}</Typography.Text>
        <Space wrap>
          <Typography.Text>{t('messages.locale')}</Typography.Text>
          <Radio.Group
            value={mine.locale}
            onChange={(e) => void change({ locale: e.target.value as 'zh' | 'en' })}
            data-testid="message-locale"
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Space>
        {channels.length === 0 ? (
          <Alert type="info" showIcon message={t('messages.noChannels')} />
        ) : (
          <>
            {channels.includes('email') &&
              (mine.email ? (
                <Typography.Text type="secondary">
                  {t('messages.emailTo', { email: mine.email })}
                </Typography.Text>
              ) : (
                <Alert type="warning" showIcon message={t('messages.noEmail')} />
              ))}
            <Table
              size="small"
              pagination={false}
              rowKey="kind"
              scroll={{ x: 'max-content' }}
              dataSource={MESSAGE_KINDS.map((kind) => ({ kind }))}
              columns={[
                {
                  title: t('messages.kind'),
                  dataIndex: 'kind',
                  render: (kind: MessageKind) => t(`messages.kind.${kind}`),
                },
                ...channels.map((channel) => ({
                  title: t(`messages.channel.${channel}`),
                  key: channel,
                  render: (_: unknown, row: { kind: MessageKind }) => (
                    <Switch
                      size="small"
                      checked={on(row.kind, channel)}
                      data-testid={`message-pref-${row.kind}-${channel}`}
                      onChange={(enabled) =>
                        void change({ preferences: [{ kind: row.kind, channel, enabled }] })
                      }
                    />
                  ),
                })),
              ]}
            />
          </>
        )}
      </Space>
    </Card>
  );
}

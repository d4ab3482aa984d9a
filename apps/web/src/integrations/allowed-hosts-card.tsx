import { routes } from '@openseal/contract';
import { App, Button, Card, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** The hosts allowed to receive webhooks on private or loopback addresses. */
export function AllowedHostsCard() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const hosts = useApiGet(routes.getWebhookHosts);
  const [value, setValue] = useState<string[]>([]);
  useEffect(() => {
    if (hosts.load.status === 'ready') setValue(hosts.load.data.hosts);
  }, [hosts.load]);

  async function save() {
    try {
      const saved = await api.call(routes.putWebhookHosts, { body: { hosts: value } });
      setValue(saved.hosts);
      void message.success(t('webhooks.saved'));
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }

  return (
    <Card size="small" title={t('webhooks.hosts')} data-testid="webhook-hosts-card">
      <Typography.Paragraph type="secondary">{t('webhooks.hostsHint')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          mode="tags"
          value={value}
          onChange={setValue}
          tokenSeparators={[',', ' ']}
          style={{ width: '100%' }}
          placeholder="oa.intranet.edu.cn, 10.2.3.4"
          data-testid="webhook-hosts"
        />
        <Button type="primary" onClick={() => void save()} data-testid="webhook-hosts-save">
          {t('webhooks.hostsSave')}
        </Button>
      </Space.Compact>
    </Card>
  );
}

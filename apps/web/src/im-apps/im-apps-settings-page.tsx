import { type ImApp, type ImAppBody, type ImAppSettings, routes } from '@openseal/contract';
import { App, Button, Card, Form, Input, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** The form's values: secrets empty unless typed (write-only), the API address empty for the vendor's. */
interface AppForm {
  enabled: boolean;
  corpId: string;
  agentId: string;
  appKey: string;
  secret: string;
  callbackToken: string;
  encodingAesKey: string;
  apiBaseUrl: string;
}

const formOf = (s: ImAppSettings): AppForm => ({
  enabled: s.enabled,
  corpId: s.corpId ?? '',
  agentId: s.agentId ?? '',
  appKey: s.appKey ?? '',
  secret: '',
  callbackToken: '',
  encodingAesKey: '',
  apiBaseUrl: s.apiBaseUrl ?? '',
});

/** Only what was typed: an empty secret keeps the stored one. */
function bodyOf(app: ImApp, v: AppForm): ImAppBody {
  const typed = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const body: ImAppBody = {
    enabled: v.enabled,
    corpId: v.corpId.trim(),
    agentId: v.agentId.trim(),
    appKey: app === 'dingtalk' ? typed(v.appKey) : undefined,
    secret: typed(v.secret),
    callbackToken: typed(v.callbackToken),
    encodingAesKey: typed(v.encodingAesKey),
    apiBaseUrl: typed(v.apiBaseUrl) ?? null,
  };
  return JSON.parse(JSON.stringify(body)) as ImAppBody;
}

/** 企业微信与钉钉: the system admin's two app settings; secrets are write-only. */
export function ImAppsSettingsPage() {
  const { t } = useLocale();
  const settings = useApiGet(routes.listImAppSettings);
  const list = settings.load.status === 'ready' ? settings.load.data : [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={3} data-testid="im-apps-title">
        {t('imApps.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('imApps.intro')}</Typography.Paragraph>
      {list.map((s) => (
        <AppCard key={`${s.app}-${s.updatedAt ?? ''}`} stored={s} onSaved={settings.reload} />
      ))}
    </Space>
  );
}

function AppCard({ stored, onSaved }: { stored: ImAppSettings; onSaved: () => void }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const app = stored.app;
  const kept = (set: boolean) => (set ? t('imApps.secretKept') : '');

  async function save(values: AppForm) {
    setBusy(true);
    try {
      await api.call(routes.saveImAppSettings, { params: { app }, body: bodyOf(app, values) });
      void message.success(t('imApps.saved'));
      onSaved();
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={app === 'wecom' ? t('imApps.wecom') : t('imApps.dingtalk')}
      extra={
        stored.updatedAt === null ? (
          <Typography.Text type="secondary">{t('imApps.notSet')}</Typography.Text>
        ) : null
      }
      data-testid={`im-app-${app}`}
    >
      <Form<AppForm> layout="vertical" initialValues={formOf(stored)} onFinish={save}>
        <Space wrap align="start">
          <Form.Item label={t('imApps.corpId')} name="corpId" rules={[{ required: true, max: 100 }]}>
            <Input style={{ width: 260 }} data-testid={`im-${app}-corp-id`} />
          </Form.Item>
          <Form.Item
            label={t('imApps.agentId')}
            name="agentId"
            rules={[{ required: true, pattern: /^[0-9]{1,20}$/ }]}
          >
            <Input style={{ width: 160 }} inputMode="numeric" data-testid={`im-${app}-agent-id`} />
          </Form.Item>
          {app === 'dingtalk' && (
            <Form.Item label={t('imApps.appKey')} name="appKey" rules={[{ required: true, max: 100 }]}>
              <Input style={{ width: 260 }} data-testid={`im-${app}-app-key`} />
            </Form.Item>
          )}
        </Space>
        <Form.Item label={t('imApps.secret')} name="secret" rules={[{ required: !stored.secretSet }]}>
          <Input.Password
            autoComplete="new-password"
            placeholder={kept(stored.secretSet)}
            data-testid={`im-${app}-secret`}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item
            label={t('imApps.callbackToken')}
            name="callbackToken"
            rules={[{ pattern: /^[A-Za-z0-9]{1,64}$/ }]}
          >
            <Input.Password
              autoComplete="new-password"
              placeholder={kept(stored.callbackTokenSet)}
              style={{ width: 260 }}
              data-testid={`im-${app}-token`}
            />
          </Form.Item>
          <Form.Item
            label={t('imApps.encodingAesKey')}
            name="encodingAesKey"
            rules={[{ pattern: /^[A-Za-z0-9+/]{43}$/ }]}
          >
            <Input.Password
              autoComplete="new-password"
              placeholder={kept(stored.encodingAesKeySet)}
              style={{ width: 300 }}
              data-testid={`im-${app}-aes-key`}
            />
          </Form.Item>
        </Space>
        <Form.Item
          label={t('imApps.apiBaseUrl')}
          name="apiBaseUrl"
          extra={t('imApps.apiBaseUrlHint')}
          rules={[{ pattern: /^https?:\/\// }]}
        >
          <Input data-testid={`im-${app}-api-base`} />
        </Form.Item>
        <Form.Item label={t('imApps.enabled')} name="enabled" valuePropName="checked">
          <Switch data-testid={`im-${app}-enabled`} />
        </Form.Item>
        <Typography.Paragraph type="secondary">
          {t('imApps.signInCallback')}:{' '}
          <Typography.Text
            code
            copyable
          >{`${window.location.origin}${stored.signInCallbackPath}`}</Typography.Text>
          <br />
          {t('imApps.eventCallback')}:{' '}
          <Typography.Text
            code
            copyable
          >{`${window.location.origin}${stored.eventCallbackPath}`}</Typography.Text>
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={busy} data-testid={`im-${app}-save`}>
          {t('imApps.save')}
        </Button>
      </Form>
    </Card>
  );
}

import { routes, type SsoProviderBody, type SsoProviderSettings } from '@openseal/contract';
import { App, Button, Card, Form, Input, Radio, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

type ProviderForm = Omit<SsoProviderBody, 'clientSecret'> & { id: string; clientSecret?: string };

const BLANK: ProviderForm = {
  id: '',
  kind: 'oidc',
  name: '统一身份认证',
  enabled: false,
  url: '',
  scopes: 'openid profile',
  casVersion: 3,
  claims: { campusId: 'student_id', unit: 'unit', name: 'name' },
};

function formOf(p: SsoProviderSettings): ProviderForm {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    enabled: p.enabled,
    url: p.url,
    ...(p.clientId !== null ? { clientId: p.clientId } : {}),
    ...(p.scopes !== null ? { scopes: p.scopes } : {}),
    ...(p.casVersion !== null ? { casVersion: p.casVersion } : {}),
    claims: p.claims,
  };
}

/** 统一身份认证: the system admin's OIDC and CAS providers; the client secret is write-only. */
export function SsoSettingsPage() {
  const { t } = useLocale();
  const providers = useApiGet(routes.listSsoSettings);
  const [adding, setAdding] = useState(false);
  const list = providers.load.status === 'ready' ? providers.load.data : [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={3} data-testid="sso-settings-title">
        {t('sso.settingsTitle')}
      </Typography.Title>
      {list.map((p) => (
        <ProviderCard key={p.id} initial={formOf(p)} stored={p} onSaved={providers.reload} />
      ))}
      {adding ? (
        <ProviderCard
          initial={BLANK}
          stored={null}
          onSaved={() => {
            setAdding(false);
            providers.reload();
          }}
        />
      ) : (
        <Button onClick={() => setAdding(true)} data-testid="sso-add">
          {t('sso.add')}
        </Button>
      )}
    </Space>
  );
}

function ProviderCard(props: {
  initial: ProviderForm;
  stored: SsoProviderSettings | null;
  onSaved: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [form] = Form.useForm<ProviderForm>();
  const kind = Form.useWatch('kind', form) ?? props.initial.kind;
  const [busy, setBusy] = useState(false);

  async function save(values: ProviderForm) {
    setBusy(true);
    try {
      const { id, clientSecret, ...rest } = values;
      const body: SsoProviderBody =
        rest.kind === 'oidc'
          ? { ...rest, casVersion: undefined, ...(clientSecret ? { clientSecret } : {}) }
          : { ...rest, clientId: undefined, scopes: undefined };
      await api.call(routes.saveSsoSettings, {
        params: { id },
        body: JSON.parse(JSON.stringify(body)) as SsoProviderBody,
      });
      void message.success(t('sso.saved'));
      props.onSaved();
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={props.stored ? `${props.stored.name} (${props.stored.id})` : t('sso.add')}
      data-testid={`sso-card-${props.initial.id || 'new'}`}
    >
      <Form<ProviderForm> form={form} layout="vertical" initialValues={props.initial} onFinish={save}>
        <Form.Item label={t('sso.id')} name="id" rules={[{ required: true, pattern: /^[a-z0-9-]{1,64}$/ }]}>
          <Input disabled={props.stored !== null} data-testid="sso-id" />
        </Form.Item>
        <Form.Item label={t('sso.kind')} name="kind">
          <Radio.Group
            options={[
              { value: 'oidc', label: 'OpenID Connect' },
              { value: 'cas', label: 'CAS' },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('sso.name')} name="name" rules={[{ required: true }]}>
          <Input data-testid="sso-name" />
        </Form.Item>
        <Form.Item label={t('sso.url')} name="url" rules={[{ required: true, pattern: /^https?:\/\// }]}>
          <Input data-testid="sso-url" />
        </Form.Item>
        {kind === 'oidc' ? (
          <>
            <Form.Item label={t('sso.clientId')} name="clientId" rules={[{ required: true }]}>
              <Input data-testid="sso-client-id" />
            </Form.Item>
            <Form.Item
              label={t('sso.clientSecret')}
              name="clientSecret"
              rules={[{ required: !props.stored?.clientSecretSet }]}
            >
              <Input.Password
                autoComplete="new-password"
                placeholder={props.stored?.clientSecretSet ? t('sso.clientSecretKept') : ''}
                data-testid="sso-client-secret"
              />
            </Form.Item>
            <Form.Item label={t('sso.scopes')} name="scopes" rules={[{ required: true }]}>
              <Input data-testid="sso-scopes" />
            </Form.Item>
          </>
        ) : (
          <Form.Item label={t('sso.casVersion')} name="casVersion">
            <Radio.Group
              options={[
                { value: 2, label: 'CAS 2.0' },
                { value: 3, label: 'CAS 3.0' },
              ]}
            />
          </Form.Item>
        )}
        <Space wrap>
          <Form.Item
            label={t('sso.claimCampusId')}
            name={['claims', 'campusId']}
            rules={[{ required: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label={t('sso.claimUnit')} name={['claims', 'unit']} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('sso.claimName')} name={['claims', 'name']} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item label={t('sso.enabled')} name="enabled" valuePropName="checked">
          <Switch data-testid="sso-enabled" />
        </Form.Item>
        {props.stored && (
          <Typography.Paragraph type="secondary">
            {t('sso.callback')}:{' '}
            <Typography.Text code>{`${window.location.origin}${props.stored.callbackPath}`}</Typography.Text>
          </Typography.Paragraph>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="sso-save">
          {t('sso.save')}
        </Button>
      </Form>
    </Card>
  );
}

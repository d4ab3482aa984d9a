import { routes, type SmtpSettings, type SmtpSettingsBody, type SmtpTestBody } from '@openseal/contract';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';

type EmailForm = Omit<SmtpSettingsBody, 'caCertificate'> & { caCertificate?: string };

function formOf(s: SmtpSettings): EmailForm {
  return {
    enabled: s.enabled,
    host: s.host,
    port: s.port,
    security: s.security,
    username: s.username,
    fromAddress: s.fromAddress,
    fromName: s.fromName,
    caCertificate: s.caCertificate ?? '',
  };
}

/** 邮件服务: the system admin's SMTP server (password write-only) and a test message. */
export function EmailSettingsPage() {
  const { t } = useLocale();
  const settings = useApiGet(routes.getSmtpSettings);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={3} data-testid="email-settings-title">
        {t('email.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('email.intro')}</Typography.Paragraph>
      {settings.load.status === 'ready' && (
        <>
          <SmtpCard stored={settings.load.data} onSaved={settings.reload} />
          <TestCard />
        </>
      )}
      {settings.load.status === 'failed' && (
        <Alert type="error" data-testid="load-failed" message={String(settings.load.error)} />
      )}
    </Space>
  );
}

function SmtpCard({ stored, onSaved }: { stored: SmtpSettings; onSaved: () => void }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [form] = Form.useForm<EmailForm>();
  const [busy, setBusy] = useState(false);

  async function save({ password, caCertificate, ...rest }: EmailForm) {
    setBusy(true);
    try {
      const body: SmtpSettingsBody = {
        ...rest,
        ...(password ? { password } : {}),
        caCertificate: caCertificate?.trim() ? caCertificate : null,
      };
      await api.call(routes.putSmtpSettings, { body });
      form.setFieldValue('password', undefined);
      void message.success(t('email.saved'));
      onSaved();
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card data-testid="email-smtp-card">
      <Form<EmailForm> form={form} layout="vertical" initialValues={formOf(stored)} onFinish={save}>
        <Form.Item label={t('email.enabled')} name="enabled" valuePropName="checked">
          <Switch data-testid="email-enabled" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={t('email.host')} name="host" rules={[{ required: true }]}>
            <Input style={{ width: 260 }} data-testid="email-host" />
          </Form.Item>
          <Form.Item label={t('email.port')} name="port" rules={[{ required: true }]}>
            <InputNumber min={1} max={65535} data-testid="email-port" />
          </Form.Item>
        </Space>
        <Form.Item label={t('email.security')} name="security">
          <Radio.Group
            data-testid="email-security"
            options={(['starttls', 'tls', 'none'] as const).map((value) => ({
              value,
              label: t(`email.security.${value}`),
            }))}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={t('email.username')} name="username" extra={t('email.usernameHint')}>
            <Input style={{ width: 260 }} autoComplete="off" data-testid="email-username" />
          </Form.Item>
          <Form.Item label={t('email.password')} name="password">
            <Input.Password
              style={{ width: 260 }}
              autoComplete="new-password"
              placeholder={stored.passwordSet ? t('email.passwordKept') : ''}
              data-testid="email-password"
            />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item
            label={t('email.fromAddress')}
            name="fromAddress"
            rules={[{ required: true, type: 'email' }]}
          >
            <Input style={{ width: 260 }} data-testid="email-from-address" />
          </Form.Item>
          <Form.Item label={t('email.fromName')} name="fromName">
            <Input style={{ width: 260 }} data-testid="email-from-name" />
          </Form.Item>
        </Space>
        <Form.Item label={t('email.caCertificate')} name="caCertificate" extra={t('email.caHint')}>
          <Input.TextArea rows={3} style={{ fontFamily: 'monospace' }} data-testid="email-ca" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="email-save">
          {t('email.save')}
        </Button>
      </Form>
    </Card>
  );
}

function TestCard() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function send(body: SmtpTestBody) {
    setBusy(true);
    setOutcome(null);
    try {
      const { response } = await api.call(routes.testSmtp, { body });
      setOutcome({ ok: true, text: t('email.testSent', { response }) });
    } catch (e) {
      setOutcome({ ok: false, text: errorText(e, locale) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('email.testTitle')} data-testid="email-test-card">
      <Typography.Paragraph type="secondary">{t('email.testHint')}</Typography.Paragraph>
      <Form<SmtpTestBody> layout="vertical" onFinish={send}>
        <Form.Item label={t('email.testTo')} name="to" rules={[{ required: true, type: 'email' }]}>
          <Input style={{ width: 260 }} data-testid="email-test-to" />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="email-test-send">
          {t('email.testSend')}
        </Button>
      </Form>
      {outcome && (
        <Alert
          style={{ marginTop: 16 }}
          type={outcome.ok ? 'success' : 'error'}
          showIcon
          message={outcome.text}
          data-testid="email-test-outcome"
        />
      )}
    </Card>
  );
}

import { type DirectoryAttributes, type DirectoryConfig, routes } from '@openseal/contract';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Switch } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';

/** The attribute names of a typical OpenLDAP schema (inetOrgPerson), offered for a new source. */
const DEFAULT_ATTRIBUTES: DirectoryAttributes = {
  unitCode: 'ou',
  unitName: 'description',
  unitNameEn: 'l',
  unitParent: 'businessCategory',
  personCampusId: 'employeeNumber',
  personName: 'cn',
  personEmail: 'mail',
  personPhone: 'telephoneNumber',
  personUnit: 'departmentNumber',
};

const NEW_SOURCE: DirectoryConfig = {
  url: 'ldaps://ldap.example.edu.cn',
  startTls: false,
  caCertificate: null,
  bindDn: '',
  unitBase: '',
  unitFilter: '(objectClass=organizationalUnit)',
  peopleBase: '',
  peopleFilter: '(objectClass=inetOrgPerson)',
  attributes: DEFAULT_ATTRIBUTES,
  intervalMinutes: null,
  maxDisablePercent: 10,
};

type Values = DirectoryConfig & { bindPassword?: string };

/** The LDAP source settings; the bind password is write-only (the server never returns it). */
export function DirectorySourceForm(props: {
  config: DirectoryConfig | null;
  passwordSet: boolean;
  onSaved: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();

  async function save({ bindPassword, ...config }: Values) {
    try {
      await api.call(routes.putDirectoryConfig, {
        body: {
          config: {
            ...config,
            caCertificate: config.caCertificate?.trim() || null,
            intervalMinutes: config.intervalMinutes ?? null,
          },
          ...(bindPassword ? { bindPassword } : {}),
        },
      });
      void message.success(t('directory.saved'));
      props.onSaved();
    } catch (e) {
      void message.error(errorText(e, locale));
    }
  }

  const text = (name: keyof DirectoryConfig, label: MessageKey) => (
    <Col xs={24} md={12}>
      <Form.Item label={t(label)} name={name} rules={[{ required: true }]}>
        <Input data-testid={`directory-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Card title={t('directory.source')} data-testid="directory-source">
      <Form<Values>
        layout="vertical"
        initialValues={props.config ?? NEW_SOURCE}
        onFinish={(v) => void save(v)}
      >
        <Row gutter={16}>
          {text('url', 'directory.url')}
          <Col xs={24} md={12}>
            <Form.Item label={t('directory.startTls')} name="startTls" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              label={t('directory.caCertificate')}
              name="caCertificate"
              extra={t('directory.caHint')}
            >
              <Input.TextArea rows={2} placeholder="-----BEGIN CERTIFICATE-----" />
            </Form.Item>
          </Col>
          {text('bindDn', 'directory.bindDn')}
          <Col xs={24} md={12}>
            <Form.Item
              label={t('directory.bindPassword')}
              name="bindPassword"
              rules={[{ required: !props.passwordSet }]}
            >
              <Input.Password
                autoComplete="new-password"
                placeholder={props.passwordSet ? t('directory.passwordKept') : ''}
                data-testid="directory-bindPassword"
              />
            </Form.Item>
          </Col>
          {text('unitBase', 'directory.unitBase')}
          {text('unitFilter', 'directory.unitFilter')}
          {text('peopleBase', 'directory.peopleBase')}
          {text('peopleFilter', 'directory.peopleFilter')}
          <Col xs={24} md={12}>
            <Form.Item label={t('directory.interval')} name="intervalMinutes">
              <InputNumber min={5} max={10080} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('directory.maxDisable')}
              name="maxDisablePercent"
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Card type="inner" size="small" title={t('directory.attributes')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {(Object.keys(DEFAULT_ATTRIBUTES) as (keyof DirectoryAttributes)[]).map((key) => (
              <Col xs={12} md={8} key={key}>
                <Form.Item
                  label={t(`directory.attr.${key}` as MessageKey)}
                  name={['attributes', key]}
                  rules={[{ required: true }]}
                >
                  <Input />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>
        <Button type="primary" htmlType="submit" data-testid="directory-save">
          {t('directory.save')}
        </Button>
      </Form>
    </Card>
  );
}

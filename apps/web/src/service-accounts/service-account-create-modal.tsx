import { type CreateServiceAccountBody, routes, SERVICE_OPERATIONS } from '@openseal/contract';
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';

type Values = Omit<CreateServiceAccountBody, 'unitId'>;

/** A new account of `unitId` with its scope; the key comes back once, for the caller to show. */
export function ServiceAccountCreateModal({
  open,
  unitId,
  onClose,
}: {
  open: boolean;
  unitId: string;
  onClose: (key: string | null) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<Values>();
  const seals = useApiGet(routes.listSeals, open ? { query: { unitId } } : null);
  const { submit, submitting, error } = useSubmit(async (values: Values) => {
    const created = await api.call(routes.createServiceAccount, { body: { ...values, unitId } });
    form.resetFields();
    onClose(created.key);
  });
  return (
    <Modal
      open={open}
      title={t('svc.new')}
      onCancel={() => onClose(null)}
      onOk={() => form.submit()}
      okText={t('svc.create')}
      okButtonProps={{ loading: submitting, 'data-testid': 'svc-create-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ sealIds: [], typeCodes: [], operations: ['stamp'], ipAllow: [], ratePerMinute: 600 }}
      >
        {error !== null && (
          <Alert type="error" showIcon message={errorText(error, locale)} style={{ marginBottom: 12 }} />
        )}
        <Form.Item
          name="name"
          label={t('svc.name')}
          extra={t('svc.nameHelp')}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,39}$/ }]}
        >
          <Input data-testid="svc-name" maxLength={40} placeholder="oa" />
        </Form.Item>
        <Form.Item name="displayName" label={t('svc.displayName')} rules={[{ required: true }]}>
          <Input data-testid="svc-display-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="sealIds" label={t('svc.seals')}>
          <Select
            mode="multiple"
            data-testid="svc-seals"
            loading={seals.load.status === 'loading'}
            options={(seals.load.status === 'ready' ? seals.load.data : [])
              .filter((s) => s.status === 'active')
              .map((s) => ({ value: s.id, label: s.name }))}
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="typeCodes" label={t('svc.typeCodes')}>
          <Select mode="tags" data-testid="svc-types" tokenSeparators={[',', ' ']} open={false} />
        </Form.Item>
        <Form.Item
          name="operations"
          label={t('svc.operations')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Checkbox.Group
            data-testid="svc-operations"
            options={SERVICE_OPERATIONS.map((o) => ({ value: o, label: t(`svc.op.${o}`) }))}
          />
        </Form.Item>
        <Form.Item name="ipAllow" label={t('svc.ipAllow')}>
          <Select
            mode="tags"
            data-testid="svc-ip"
            tokenSeparators={[',', ' ']}
            open={false}
            placeholder="10.1.0.0/16"
          />
        </Form.Item>
        <Form.Item name="ratePerMinute" label={t('svc.rate')} rules={[{ required: true }]}>
          <InputNumber data-testid="svc-rate" min={1} max={1_000_000} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { IdcardOutlined } from '@ant-design/icons';
import { type ContractDetail, type RealNameBody, routes } from '@openseal/contract';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/**
 * 实名认证: the contract asks the signer to prove who they are (name and citizen ID number, a phone
 * number for the three-element check) before their key is certified. The numbers go to the check and
 * are not kept in the page once it passes.
 */
export function RealNameForm({
  contractId,
  name,
  onChecked,
}: {
  contractId: string;
  /** The account's name, a fair first guess. */
  name: string;
  onChecked: (next: ContractDetail) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<RealNameBody>();
  const { submit, submitting, error } = useSubmit(async (values: RealNameBody) => {
    const body: RealNameBody = {
      name: values.name.trim(),
      idNumber: values.idNumber.trim().toUpperCase(),
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
    };
    const next = await api.call(routes.checkRealName, { params: { id: contractId }, body });
    form.resetFields();
    onChecked(next);
  });
  const required = { required: true, message: t('stamp.required') };
  return (
    <div data-testid="contract-real-name" style={{ background: '#fafafa', borderRadius: 8, padding: 12 }}>
      <Typography.Text strong>
        <IdcardOutlined /> {t('contracts.realName.title')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 12px' }}>
        {t('contracts.realName.hint')}
      </Typography.Paragraph>
      <Form<RealNameBody>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name }}
        onFinish={submit}
        autoComplete="off"
      >
        <Form.Item name="name" label={t('contracts.realName.name')} rules={[required, { whitespace: true }]}>
          <Input data-testid="real-name-name" maxLength={50} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('contracts.realName.idNumber')}
          rules={[
            required,
            { pattern: /^\s*[0-9]{17}[0-9Xx]\s*$/, message: t('contracts.realName.idInvalid') },
          ]}
        >
          <Input data-testid="real-name-id" maxLength={18} inputMode="text" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('contracts.realName.phone')}
          rules={[{ pattern: /^\s*1[0-9]{10}\s*$/, message: t('contracts.realName.phoneInvalid') }]}
        >
          <Input data-testid="real-name-phone" maxLength={11} inputMode="tel" />
        </Form.Item>
        {error !== null && (
          <Alert
            data-testid="real-name-error"
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={errorText(error, locale)}
          />
        )}
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="real-name-submit">
          {t('contracts.realName.submit')}
        </Button>
      </Form>
    </div>
  );
}

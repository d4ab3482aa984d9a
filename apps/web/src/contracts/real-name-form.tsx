import { IdcardOutlined, SmileOutlined } from '@ant-design/icons';
import { type ContractDetail, type RealNameBody, routes } from '@openseal/contract';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { toBase64 } from './base64.ts';
import { FaceCapture, type FacePhoto } from './face-capture.tsx';

type Elements = Omit<RealNameBody, 'face'>;

/**
 * 实名认证: the contract asks the signer to prove who they are (name and citizen ID number, a phone
 * number for the three-element check) before their key is certified. When the provider also offers a
 * face check, the server answers `next: 'face'` and the form asks for a camera photo, sent with the
 * same elements. The numbers and the photo go to the check and are not kept in the page once it passes.
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
  const [form] = Form.useForm<Elements>();
  /** The elements that passed, held for the face step only. */
  const [passed, setPassed] = useState<Elements | null>(null);
  const [photo, setPhoto] = useState<FacePhoto | null>(null);
  const check = useSubmit(async (values: Elements) => {
    const body: Elements = {
      name: values.name.trim(),
      idNumber: values.idNumber.trim().toUpperCase(),
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
    };
    const next = await api.call(routes.checkRealName, { params: { id: contractId }, body });
    form.resetFields();
    // Half way: the page stays on this form (the contract is unchanged but for the event).
    if (next.next === 'face') setPassed(body);
    else onChecked(next);
  });
  const face = useSubmit(async () => {
    if (!passed || !photo) return;
    const next = await api.call(routes.checkRealName, {
      params: { id: contractId },
      body: { ...passed, face: { mediaType: photo.mediaType, image: toBase64(photo.bytes) } },
    });
    setPassed(null);
    setPhoto(null);
    onChecked(next);
  });
  const required = { required: true, message: t('stamp.required') };
  const box = { background: '#fafafa', borderRadius: 8, padding: 12 };

  if (passed)
    return (
      <div data-testid="contract-face" style={box}>
        <Typography.Text strong>
          <SmileOutlined /> {t('contracts.face.title')}
        </Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 12px' }}>
          {t('contracts.face.hint')}
        </Typography.Paragraph>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <FaceCapture onPhoto={setPhoto} />
          {face.error !== null && (
            <Alert data-testid="face-error" type="error" showIcon message={errorText(face.error, locale)} />
          )}
          <Button
            type="primary"
            block
            disabled={!photo}
            loading={face.submitting}
            onClick={() => void face.submit(undefined)}
            data-testid="face-submit"
          >
            {t('contracts.face.submit')}
          </Button>
          <Button type="link" block onClick={() => setPassed(null)} data-testid="face-back">
            {t('contracts.face.back')}
          </Button>
        </Space>
      </div>
    );

  return (
    <div data-testid="contract-real-name" style={box}>
      <Typography.Text strong>
        <IdcardOutlined /> {t('contracts.realName.title')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 12px' }}>
        {t('contracts.realName.hint')}
      </Typography.Paragraph>
      <Form<Elements>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name }}
        onFinish={check.submit}
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
        {check.error !== null && (
          <Alert
            data-testid="real-name-error"
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={errorText(check.error, locale)}
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={check.submitting}
          data-testid="real-name-submit"
        >
          {t('contracts.realName.submit')}
        </Button>
      </Form>
    </div>
  );
}

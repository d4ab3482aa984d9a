import { Form, Input } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

/** The `purpose` field of a stamping form (required, not blank, at most `max` characters). */
export function PurposeField({
  testId,
  max,
  placeholder,
}: {
  testId: string;
  max: number;
  placeholder: string;
}) {
  const { t } = useLocale();
  return (
    <Form.Item
      name="purpose"
      label={t('stamp.purpose')}
      rules={[{ required: true, message: t('stamp.required') }, { max }, { whitespace: true }]}
    >
      <Input.TextArea data-testid={testId} rows={2} maxLength={max} placeholder={placeholder} />
    </Form.Item>
  );
}

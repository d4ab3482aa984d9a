import { Button, Form, Input } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useLocale } from '../i18n/locale-context.tsx';
import { credentialViewPath, isCodeShaped, normalizeCode, parseDocumentNumber } from './credential-code.ts';

interface CodeFormValues {
  publicId: string;
  code: string;
}

/**
 * 输入编号与验证码: the document number (or the printed URL) and the code from a credential's footer,
 * leading to its public page. With `publicId` given (the /v page without ?c=) only the code is asked.
 */
export function CodeForm({ publicId }: { publicId?: string }) {
  const { t } = useLocale();
  const navigate = useNavigate();
  const [form] = Form.useForm<CodeFormValues>();

  function open(values: CodeFormValues) {
    const parsed = parseDocumentNumber(publicId ?? values.publicId);
    const code = values.code?.trim() ? normalizeCode(values.code) : parsed.code;
    navigate(credentialViewPath(parsed.publicId, code ?? undefined));
  }

  return (
    <Form<CodeFormValues>
      form={form}
      layout="vertical"
      data-testid="code-form"
      onFinish={open}
      onValuesChange={(changed: Partial<CodeFormValues>) => {
        // A pasted QR URL brings its code along.
        if (changed.publicId === undefined) return;
        const parsed = parseDocumentNumber(changed.publicId);
        if (parsed.code && !form.getFieldValue('code')) form.setFieldValue('code', parsed.code);
      }}
    >
      {!publicId && (
        <Form.Item
          name="publicId"
          label={t('credential.code.publicId')}
          extra={t('credential.code.publicIdHint')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (!value?.trim()) throw new Error(t('credential.code.publicIdRequired'));
                if (!isCodeShaped(parseDocumentNumber(value).publicId))
                  throw new Error(t('credential.code.publicIdShape'));
              },
            },
          ]}
        >
          <Input
            data-testid="code-public-id"
            autoComplete="off"
            inputMode="text"
            autoCapitalize="characters"
          />
        </Form.Item>
      )}
      <Form.Item
        name="code"
        label={t('credential.code.code')}
        extra={t('credential.code.codeHint')}
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              if (!value?.trim()) throw new Error(t('credential.code.codeRequired'));
              if (!isCodeShaped(normalizeCode(value))) throw new Error(t('credential.code.codeShape'));
            },
          },
        ]}
      >
        <Input
          data-testid="code-code"
          placeholder="XXXX-XXXX"
          autoComplete="off"
          autoCapitalize="characters"
          maxLength={12}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block data-testid="code-submit">
        {t('credential.code.submit')}
      </Button>
    </Form>
  );
}

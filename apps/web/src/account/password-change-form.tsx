import { type ChangePasswordBody, routes } from '@openseal/contract';
import { Alert, Button, Form, Input } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';

interface PasswordForm extends ChangePasswordBody {
  repeat: string;
}

/**
 * Changing one's own password: the current one (or, after an admin reset, the one-time code) is
 * required, the new one typed twice. The server ends the person's other sessions.
 */
export function PasswordChangeForm({
  forced = false,
  onChanged,
}: {
  forced?: boolean;
  onChanged: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<PasswordForm>();
  const { submit, submitting, error } = useSubmit(async ({ currentPassword, newPassword }: PasswordForm) => {
    await api.call(routes.changePassword, { body: { currentPassword, newPassword } });
    form.resetFields();
    onChanged();
  });
  return (
    <Form<PasswordForm>
      form={form}
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
      style={{ maxWidth: 420 }}
    >
      {error !== null && (
        <Alert
          type="error"
          showIcon
          data-testid="password-error"
          style={{ marginBottom: 16 }}
          message={errorText(error, locale)}
        />
      )}
      <Form.Item
        label={t(forced ? 'password.forcedCurrent' : 'password.current')}
        name="currentPassword"
        rules={[
          { required: true, message: t(forced ? 'password.forcedCurrentHint' : 'password.currentHint') },
        ]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        label={t('password.new')}
        name="newPassword"
        rules={[{ required: true, min: 12, message: t('password.newHint') }]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        label={t('password.repeat')}
        name="repeat"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.newHint') },
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              v === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-repeat" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="password-submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}

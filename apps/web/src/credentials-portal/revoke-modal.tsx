import { type CredentialDetail, routes } from '@openseal/contract';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** 撤销: a reason is required; it is shown to everyone who scans the document from now on. */
export function RevokeModal({
  credential,
  onClose,
  onRevoked,
}: {
  /** null: closed. */
  credential: CredentialDetail | null;
  onClose: () => void;
  onRevoked: (revoked: CredentialDetail) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, submitting, error } = useSubmit(async ({ reason }: { reason: string }) => {
    if (!credential) return;
    const revoked = await api.call(routes.revokeCredential, {
      params: { id: credential.id },
      body: { reason: reason.trim() },
    });
    form.resetFields();
    onRevoked(revoked);
  });

  return (
    <Modal
      open={credential !== null}
      title={t('archive.revoke.title')}
      okText={t('archive.revoke.confirm')}
      okButtonProps={{ danger: true, loading: submitting, 'data-testid': 'revoke-confirm' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('archive.revoke.warning')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('archive.revoke.reason')}
          rules={[
            { required: true, whitespace: true, message: t('archive.revoke.reasonRequired') },
            { min: 2, message: t('archive.revoke.reasonRequired') },
          ]}
        >
          <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3 }} data-testid="revoke-reason" />
        </Form.Item>
      </Form>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          message={t('archive.revoke.failed')}
          description={errorText(error, locale)}
        />
      )}
    </Modal>
  );
}

import { type ApprovalRequest, routes, type SubmitSealRequestBody } from '@openseal/contract';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { useInbox } from '../requests/inbox-context.tsx';
import { requestPage } from '../requests/request-paths.ts';

/** Sends a seal lifecycle request (every change to a seal goes through an approval). */
export function useSealRequest(): (body: SubmitSealRequestBody) => Promise<ApprovalRequest> {
  const api = useApi();
  const inbox = useInbox();
  return async (body) => {
    const created = await api.call(routes.submitSealRequest, { body });
    inbox.refresh();
    return created;
  };
}

/** "Request submitted for approval", with a link to the request. */
export function useRequestSubmittedNotice(): (request: ApprovalRequest) => void {
  const { t } = useLocale();
  const { modal } = App.useApp();
  return (request) => {
    const notice = modal.success({
      title: t('sealRequest.submitted'),
      okText: t('form.close'),
      content: (
        <Typography.Paragraph>
          {request.title}
          <br />
          <Link to={requestPage(request.id)} data-testid="seal-request-link" onClick={() => notice.destroy()}>
            {t('sealRequest.open')}
          </Link>
        </Typography.Paragraph>
      ),
    });
  };
}

/** Asks for the reason of a lifecycle change (suspend, revoke…), then files the request. */
export function SealReasonModal({
  title,
  warning,
  body,
  onClose,
  onSubmitted,
}: {
  title: string;
  warning?: string;
  body: (reason: string) => SubmitSealRequestBody;
  onClose: () => void;
  onSubmitted: (request: ApprovalRequest) => void;
}) {
  const locale = useLocale();
  const { t } = locale;
  const send = useSealRequest();
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, submitting, error } = useSubmit(async ({ reason }: { reason: string }) => {
    onSubmitted(await send(body(reason.trim())));
  });
  return (
    <Modal
      open
      title={title}
      okText={t('sealRequest.submit')}
      cancelText={t('form.cancel')}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'seal-request-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {warning && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={warning} />}
      {error !== null && (
        <Alert
          data-testid="seal-request-error"
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={errorText(error, locale)}
        />
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('sealRequest.reason')}
          rules={[{ required: true, whitespace: true, message: t('stamp.required') }, { max: 1000 }]}
        >
          <Input.TextArea rows={3} data-testid="seal-request-reason" maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

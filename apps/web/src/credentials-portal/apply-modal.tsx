import { DownloadOutlined } from '@ant-design/icons';
import { type PortalCredentialType, type PortalRequestResult, routes } from '@openseal/contract';
import { Alert, App, Button, Form, Input, Modal, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { formatCode } from './credential-code.ts';
import { credentialFileName, saveBytes } from './save-bytes.ts';

/**
 * 申请: an optional purpose, then the server either issues at once (download it here) or files an
 * approval request (it waits in 我的申请).
 */
export function ApplyModal({
  type,
  onClose,
  onIssued,
}: {
  /** null: closed. */
  type: PortalCredentialType | null;
  onClose: () => void;
  onIssued: () => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<{ purpose?: string }>();
  const [result, setResult] = useState<PortalRequestResult | null>(null);
  const [downloading, setDownloading] = useState(false);
  const { message } = App.useApp();
  const name = type ? (locale.locale === 'zh-CN' ? type.name.zh : type.name.en) : '';

  const { submit, submitting, error } = useSubmit(async (values: { purpose?: string }) => {
    if (!type) return;
    const purpose = values.purpose?.trim();
    const answer = await api.call(routes.requestCredential, {
      body: { typeCode: type.code, ...(purpose ? { purpose } : {}) },
    });
    setResult(answer);
    if (answer.status === 'issued') onIssued();
  });

  async function download() {
    if (result?.status !== 'issued') return;
    setDownloading(true);
    try {
      const { bytes } = await api.call(routes.myCredentialPdf, { params: { id: result.credential.id } });
      saveBytes(bytes, credentialFileName(result.credential));
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setDownloading(false);
    }
  }

  const close = () => {
    setResult(null);
    form.resetFields();
    onClose();
  };

  return (
    <Modal
      open={type !== null}
      title={t('portal.apply.title', { name })}
      onCancel={close}
      destroyOnHidden
      style={{ maxWidth: 'calc(100vw - 16px)' }}
      footer={
        result
          ? [
              <Button key="close" onClick={close} data-testid="apply-close">
                {t('portal.apply.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close}>
                {t('portal.apply.cancel')}
              </Button>,
              <Button
                key="submit"
                type="primary"
                loading={submitting}
                onClick={() => form.submit()}
                data-testid="apply-submit"
              >
                {t('portal.apply.submit')}
              </Button>,
            ]
      }
    >
      {result?.status === 'issued' && (
        <div data-testid="apply-issued">
          <Result
            status="success"
            title={t('portal.apply.issued')}
            subTitle={
              <>
                <div>{t('portal.apply.issuedHint')}</div>
                <Typography.Text copyable={{ text: result.credential.code }} data-testid="apply-code">
                  {t('portal.code', { code: formatCode(result.credential.code) })}
                </Typography.Text>
              </>
            }
            extra={
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                loading={downloading}
                onClick={() => void download()}
                data-testid="apply-download"
              >
                {t('portal.download')}
              </Button>
            }
          />
        </div>
      )}
      {result?.status === 'pending-approval' && (
        <div data-testid="apply-pending">
          <Result
            status="info"
            title={t('portal.apply.pending')}
            subTitle={t('portal.apply.pendingHint')}
            extra={
              <Link to="/requests/mine" data-testid="apply-request-link" data-request-id={result.requestId}>
                {t('portal.apply.viewRequest')}
              </Link>
            }
          />
        </div>
      )}
      {!result && (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Typography.Paragraph>
            {t(type?.requiresApproval ? 'portal.apply.needsApproval' : 'portal.apply.instant')}
          </Typography.Paragraph>
          <Form.Item name="purpose" label={t('portal.apply.purpose')} extra={t('portal.apply.purposeHint')}>
            <Input.TextArea
              maxLength={200}
              autoSize={{ minRows: 2, maxRows: 4 }}
              data-testid="apply-purpose"
            />
          </Form.Item>
          {error !== null && (
            <Alert
              data-testid="apply-error"
              type="error"
              showIcon
              message={t('portal.apply.failed')}
              description={errorText(error, locale)}
            />
          )}
        </Form>
      )}
    </Modal>
  );
}

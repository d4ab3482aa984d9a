import { UploadOutlined } from '@ant-design/icons';
import { type ApprovalRequest, type ResubmitRequestBody, routes } from '@openseal/contract';
import { Alert, Button, Form, Input, InputNumber, Modal, Upload } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { uploadFile } from '../files/upload-file.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { REQUEST_FILE_ACCEPT } from './request-file.ts';

interface ResubmitForm {
  purpose?: string;
  copies?: number;
  reason?: string;
}

/** A returned request, sent again: its purpose and copies (or reason) edited, maybe a new file. */
export function ResubmitModal({
  request,
  onClose,
  onDone,
}: {
  request: ApprovalRequest;
  onClose: () => void;
  onDone: (next: ApprovalRequest) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<ResubmitForm>();
  const [file, setFile] = useState<File | null>(null);
  const isUse = request.type === 'seal.use' || request.type === 'seal.physicalUse';
  const p = request.payload;
  const required = { required: true, message: t('stamp.required') };

  const { submit, submitting, error } = useSubmit(async (values: ResubmitForm) => {
    const payload: Record<string, unknown> = isUse
      ? { purpose: values.purpose?.trim(), copies: values.copies }
      : { reason: values.reason?.trim() };
    const body: ResubmitRequestBody = {
      payload,
      ...(file ? { file: await uploadFile(api, file) } : {}),
    };
    onDone(await api.call(routes.resubmitRequest, { params: { id: request.id }, body }));
  });

  return (
    <Modal
      open
      title={t('action.resubmit')}
      okText={t('form.submit')}
      cancelText={t('form.cancel')}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'resubmit-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error !== null && (
        <Alert
          data-testid="resubmit-error"
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={errorText(error, locale)}
        />
      )}
      <Form<ResubmitForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={{
          purpose: typeof p['purpose'] === 'string' ? p['purpose'] : '',
          copies: typeof p['copies'] === 'number' ? p['copies'] : 1,
          reason: typeof p['reason'] === 'string' ? p['reason'] : '',
        }}
      >
        {isUse ? (
          <>
            <Form.Item
              name="purpose"
              label={t('stamp.purpose')}
              rules={[required, { whitespace: true }, { max: 1000 }]}
            >
              <Input.TextArea rows={2} data-testid="resubmit-purpose" />
            </Form.Item>
            <Form.Item name="copies" label={t('request.copies')} rules={[required]}>
              <InputNumber
                min={1}
                max={request.type === 'seal.use' ? 100 : 1000}
                precision={0}
                data-testid="resubmit-copies"
              />
            </Form.Item>
            <Form.Item label={t('request.newFile')}>
              <Upload
                accept={REQUEST_FILE_ACCEPT}
                maxCount={1}
                data-testid="resubmit-file"
                fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
                beforeUpload={(f) => {
                  setFile(f);
                  return false;
                }}
                onRemove={() => setFile(null)}
              >
                <Button icon={<UploadOutlined />}>{t('request.chooseNewFile')}</Button>
              </Upload>
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="reason"
            label={t('sealRequest.reason')}
            rules={[required, { whitespace: true }, { max: 1000 }]}
          >
            <Input.TextArea rows={3} data-testid="resubmit-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

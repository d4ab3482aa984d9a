import type { ApprovalRequest, Grantee, Seal } from '@openseal/contract';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { errorText } from '../api/error-text.ts';
import type { Load } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { useSealRequest } from './seal-request.tsx';

interface TransferForm {
  custodianUserId: string;
  reason: string;
}

/** Seal admin: ask to hand the seal's custody to someone else (移交保管); takes effect once approved. */
export function TransferModal({
  seal,
  users,
  onClose,
  onSubmitted,
}: {
  seal: Seal;
  users: Load<Grantee[]>;
  onClose: () => void;
  onSubmitted: (request: ApprovalRequest) => void;
}) {
  const locale = useLocale();
  const { t } = locale;
  const send = useSealRequest();
  const [form] = Form.useForm<TransferForm>();
  const { submit, submitting, error } = useSubmit(async (values: TransferForm) => {
    onSubmitted(
      await send({
        type: 'seal.transfer',
        payload: { sealId: seal.id, reason: values.reason.trim(), custodianUserId: values.custodianUserId },
      }),
    );
  });
  const required = { required: true, whitespace: true, message: t('users.required') };
  return (
    <Modal
      open
      title={`${t('requestType.seal.transfer')} · ${seal.name}`}
      okText={t('sealRequest.submit')}
      cancelText={t('form.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error !== null && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(error, locale)} />
      )}
      <Form<TransferForm> form={form} layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item name="custodianUserId" label={t('sealRequest.custodian')} rules={[required]}>
          <Select
            data-testid="transfer-custodian"
            showSearch
            optionFilterProp="label"
            loading={users.status === 'loading'}
            options={(users.status === 'ready' ? users.data : [])
              .filter((u) => u.id !== seal.custodianUserId)
              .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('sealRequest.reason')} rules={[required, { max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="transfer-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

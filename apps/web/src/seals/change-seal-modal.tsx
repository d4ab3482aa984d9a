import type { ApprovalRequest, Seal } from '@openseal/contract';
import { Alert, Form, Input, Modal, TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { uploadFile } from '../files/upload-file.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';
import { type ChangeSealForm, changeSealFormOf, changeSealPayload } from './change-seal-body.ts';
import type { Picked } from './file-picker.tsx';
import { SealAppearanceFields } from './seal-appearance-fields.tsx';
import { sealImageUrl } from './seal-image.tsx';
import { useSealRequest } from './seal-request.tsx';

/**
 * Seal admin: ask to change a seal's name, picture or unit (变更印章); only what differs from the
 * seal is sent, and it takes effect once the head of the seal's unit approves.
 */
export function ChangeSealModal({
  seal,
  tree,
  onClose,
  onSubmitted,
}: {
  seal: Seal;
  tree: OrgTreeNode[];
  onClose: () => void;
  onSubmitted: (request: ApprovalRequest) => void;
}) {
  const locale = useLocale();
  const { t } = locale;
  const send = useSealRequest();
  const api = useApi();
  const [form] = Form.useForm<ChangeSealForm>();
  const [image, setImage] = useState<Picked | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const widthMm = Form.useWatch('widthMm', form);
  // A new width is sent as a new image spec, which the server takes only with its upload.
  const keepsImage = seal.spec.kind === 'image' && widthMm === seal.spec.widthMm;
  const required = { required: true, whitespace: true, message: t('users.required') };

  useEffect(() => () => void (image?.url && URL.revokeObjectURL(image.url)), [image]);

  const { submit, submitting, error } = useSubmit(async (values: ChangeSealForm) => {
    const upload = values.appearance === 'image' && image ? await uploadFile(api, image.file) : undefined;
    const payload = changeSealPayload(seal, values, upload);
    setUnchanged(payload === null);
    if (payload) onSubmitted(await send({ type: 'seal.change', payload }));
  });

  return (
    <Modal
      open
      width={640}
      title={`${t('requestType.seal.change')} · ${seal.name}`}
      okText={t('sealRequest.submit')}
      cancelText={t('form.cancel')}
      okButtonProps={{ 'data-testid': 'change-seal-submit' }}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {unchanged && (
        <Alert
          data-testid="change-seal-unchanged"
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('seals.changeNothing')}
        />
      )}
      {error !== null && (
        <Alert
          data-testid="change-seal-error"
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={errorText(error, locale)}
        />
      )}
      <Form<ChangeSealForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={changeSealFormOf(seal)}
      >
        <Form.Item name="name" label={t('seals.name')} rules={[required, { max: 100 }]}>
          <Input data-testid="change-seal-name" />
        </Form.Item>
        <Form.Item
          name="ownerUnitId"
          label={t('seals.ownerUnit')}
          extra={t('seals.changeUnitHint')}
          rules={[required]}
        >
          <TreeSelect treeData={tree} treeDefaultExpandAll data-testid="change-seal-unit" />
        </Form.Item>
        <SealAppearanceFields
          testIdPrefix="change-seal"
          image={image}
          onImage={setImage}
          imageRequired={!keepsImage}
          currentImageUrl={seal.spec.kind === 'image' ? sealImageUrl(seal.id, seal.spec) : undefined}
        />
        <Form.Item name="reason" label={t('sealRequest.reason')} rules={[required, { max: 1000 }]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="change-seal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

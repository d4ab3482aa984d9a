import { type ApprovalRequest, MAX_PKCS12_BYTES, type SealType } from '@openseal/contract';
import { Alert, Checkbox, Col, Form, Input, Modal, Radio, Row, Select, TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { uploadFile } from '../files/upload-file.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';
import { type CreateSealFiles, type CreateSealForm, createSealBody } from './create-seal-body.ts';
import { FilePicker, type Picked } from './file-picker.tsx';
import { SealAppearanceFields } from './seal-appearance-fields.tsx';
import { useSealRequest } from './seal-request.tsx';

const SEAL_TYPES: readonly SealType[] = ['official', 'contract', 'finance', 'business', 'personal'];

/** Seal admin: ask to make a seal, electronic (with a key and certificate) or physical; made once approved. */
export function CreateSealModal({
  open,
  tree,
  defaultUnitId,
  onClose,
  onCreated,
}: {
  open: boolean;
  tree: OrgTreeNode[];
  defaultUnitId: string | undefined;
  onClose: () => void;
  onCreated: (request: ApprovalRequest) => void;
}) {
  const send = useSealRequest();
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const [form] = Form.useForm<CreateSealForm>();
  const physical = Form.useWatch('physical', form) === true;
  const keySource = Form.useWatch('keySource', form) ?? 'software';
  const [image, setImage] = useState<Picked | null>(null);
  const [pkcs12, setPkcs12] = useState<Picked | null>(null);
  const required = { required: true, message: t('users.required') };

  useEffect(() => () => void (image?.url && URL.revokeObjectURL(image.url)), [image]);
  // The HSM makes ECDSA keys only: choosing it takes back an SM2 or dual choice rather than leave it greyed out.
  useEffect(() => {
    if (keySource === 'pkcs11') form.setFieldValue('algorithm', 'ecdsa-p256');
  }, [keySource, form]);

  const { submit, submitting, error } = useSubmit(async (values: CreateSealForm) => {
    const files: CreateSealFiles = {};
    if (values.appearance === 'image' && image) files.image = await uploadFile(api, image.file);
    if (!values.physical && values.keySource === 'pkcs12' && pkcs12)
      files.pkcs12 = await uploadFile(api, pkcs12.file);
    const request = await send({
      type: 'seal.make',
      payload: { ...createSealBody(values, files), reason: (values.reason ?? '').trim() },
    });
    form.resetFields();
    setImage(null);
    setPkcs12(null);
    onCreated(request);
  });

  return (
    <Modal
      open={open}
      width={640}
      title={t('seals.create')}
      okText={t('sealRequest.submit')}
      cancelText={t('form.cancel')}
      okButtonProps={{ 'data-testid': 'create-seal-submit' }}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error !== null && (
        <Alert
          data-testid="create-seal-error"
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={errorText(error, locale)}
        />
      )}
      <Form<CreateSealForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{
          type: 'official',
          ownerUnitId: defaultUnitId,
          appearance: 'round',
          keySource: 'software',
          algorithm: 'ecdsa-p256',
          widthMm: 40,
        }}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="name" label={t('seals.name')} rules={[required, { max: 100 }]}>
              <Input data-testid="create-seal-name" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="type" label={t('seals.type')} rules={[required]}>
              <Select
                data-testid="create-seal-type"
                options={SEAL_TYPES.map((v) => ({ value: v, label: t(`sealType.${v}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="ownerUnitId" label={t('seals.ownerUnit')} rules={[required]}>
          <TreeSelect treeData={tree} treeDefaultExpandAll data-testid="create-seal-unit" />
        </Form.Item>
        <SealAppearanceFields testIdPrefix="create-seal" image={image} onImage={setImage} imageRequired />
        <Form.Item
          name="reason"
          label={t('sealRequest.reason')}
          rules={[{ required: true, whitespace: true, message: t('users.required') }, { max: 1000 }]}
        >
          <Input.TextArea rows={2} maxLength={1000} data-testid="create-seal-reason" />
        </Form.Item>
        <Form.Item name="physical" valuePropName="checked">
          <Checkbox data-testid="create-seal-physical">{t('seals.physicalCheckbox')}</Checkbox>
        </Form.Item>
        {!physical && (
          <>
            <Form.Item name="keySource" label={t('seals.keySource')}>
              <Radio.Group data-testid="create-seal-key-source">
                <Radio value="software">{t('keySource.software')}</Radio>
                <Radio value="pkcs11">{t('keySource.pkcs11')}</Radio>
                <Radio value="pkcs12">{t('keySource.pkcs12')}</Radio>
              </Radio.Group>
            </Form.Item>
            {keySource !== 'pkcs12' && (
              <Form.Item
                name="algorithm"
                label={t('seals.algorithm')}
                extra={keySource === 'pkcs11' ? t('keyAlgorithm.sm2OnlySoftware') : undefined}
              >
                <Radio.Group data-testid="create-seal-algorithm">
                  <Radio value="ecdsa-p256">{t('keyAlgorithm.ecdsa-p256')}</Radio>
                  <Radio value="sm2" disabled={keySource === 'pkcs11'}>
                    {t('keyAlgorithm.sm2')}
                  </Radio>
                  <Radio value="dual" disabled={keySource === 'pkcs11'}>
                    {t('keyAlgorithm.dual')}
                  </Radio>
                </Radio.Group>
              </Form.Item>
            )}
            {keySource === 'pkcs12' && (
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item
                    name="create-seal-p12"
                    label={t('seals.p12File')}
                    rules={[
                      {
                        validator: () => (pkcs12 ? Promise.resolve() : Promise.reject(t('users.required'))),
                      },
                    ]}
                  >
                    <FilePicker
                      accept=".p12,.pfx,application/x-pkcs12"
                      max={MAX_PKCS12_BYTES}
                      picked={pkcs12}
                      onPick={setPkcs12}
                      label={t('seals.chooseP12')}
                      testId="create-seal-p12"
                      withUrl={false}
                    />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="p12Password" label={t('seals.p12Password')}>
                    <Input.Password autoComplete="off" data-testid="create-seal-p12-password" />
                  </Form.Item>
                </Col>
              </Row>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}

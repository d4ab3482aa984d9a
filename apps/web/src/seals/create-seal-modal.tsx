import { UploadOutlined } from '@ant-design/icons';
import { type ApprovalRequest, MAX_SEAL_IMAGE_BYTES, type SealType } from '@openseal/contract';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  TreeSelect,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { formatBytes, readBase64 } from '../files/read-base64.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { OrgTreeNode } from '../org/org-tree.ts';
import { type CreateSealFiles, type CreateSealForm, createSealBody, sealSpecOf } from './create-seal-body.ts';
import { useSealRequest } from './seal-request.tsx';
import { SealSketch } from './seal-sketch.tsx';

const SEAL_TYPES: readonly SealType[] = ['official', 'contract', 'finance', 'business', 'personal'];
const APPEARANCES = ['round', 'oval', 'square', 'image'] as const;
/** The contract's limit on the base64 PKCS#12 field, in file bytes. */
const MAX_PKCS12_BYTES = 64 * 1024;

interface Picked {
  file: File;
  /** An object URL for showing an uploaded image in the form. */
  url?: string;
}

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
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateSealForm>();
  const appearance = Form.useWatch('appearance', form) ?? 'round';
  const physical = Form.useWatch('physical', form) === true;
  const keySource = Form.useWatch('keySource', form) ?? 'software';
  const values = Form.useWatch((v: Partial<CreateSealForm>) => v, form);
  const sketch = values && appearance !== 'image' ? sealSpecOf({ ...values, appearance }) : null;
  const [image, setImage] = useState<Picked | null>(null);
  const [pkcs12, setPkcs12] = useState<Picked | null>(null);
  const required = { required: true, message: t('users.required') };

  useEffect(() => () => void (image?.url && URL.revokeObjectURL(image.url)), [image]);

  const { submit, submitting, error } = useSubmit(async (values: CreateSealForm) => {
    const files: CreateSealFiles = {};
    if (values.appearance === 'image' && image) {
      files.image = {
        mediaType: image.file.type === 'image/svg+xml' ? 'image/svg+xml' : 'image/png',
        data: await readBase64(image.file),
      };
    }
    if (!values.physical && values.keySource === 'pkcs12' && pkcs12)
      files.pkcs12 = await readBase64(pkcs12.file);
    const request = await send({
      type: 'seal.make',
      payload: { ...createSealBody(values, files), reason: (values.reason ?? '').trim() },
    });
    form.resetFields();
    setImage(null);
    setPkcs12(null);
    onCreated(request);
  });

  // A picked file stays in the browser until submit; antd's own upload is switched off.
  const picker = (
    accept: string,
    max: number,
    picked: Picked | null,
    set: (p: Picked | null) => void,
    label: string,
    testId: string,
    withUrl: boolean,
  ) => (
    <Upload
      accept={accept}
      maxCount={1}
      data-testid={testId}
      fileList={picked ? [{ uid: '1', name: picked.file.name, status: 'done' }] : []}
      beforeUpload={(file) => {
        if (file.size > max) {
          void message.error(t('seals.fileTooLarge', { max: formatBytes(max) }));
          return Upload.LIST_IGNORE;
        }
        set({ file, ...(withUrl ? { url: URL.createObjectURL(file) } : {}) });
        return false;
      }}
      onRemove={() => set(null)}
    >
      <Button icon={<UploadOutlined />}>{label}</Button>
    </Upload>
  );

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
        <Form.Item name="appearance" label={t('seals.appearance')}>
          <Radio.Group
            data-testid="create-seal-appearance"
            optionType="button"
            options={APPEARANCES.map((v) => ({ value: v, label: t(`appearance.${v}`) }))}
          />
        </Form.Item>
        {appearance !== 'image' && (
          <Row gutter={16}>
            <Col span={16}>
              {appearance === 'square' ? (
                <>
                  <Form.Item name="personName" label={t('seals.personName')} rules={[required, { max: 6 }]}>
                    <Input data-testid="create-seal-person" />
                  </Form.Item>
                  <Form.Item name="suffix" label={t('seals.suffix')} rules={[{ max: 2 }]}>
                    <Input />
                  </Form.Item>
                </>
              ) : (
                <>
                  <Form.Item name="orgName" label={t('seals.orgName')} rules={[required, { max: 40 }]}>
                    <Input data-testid="create-seal-org-name" />
                  </Form.Item>
                  <Row gutter={16}>
                    <Col span={12}>
                      <Form.Item name="sealName" label={t('seals.sealName')} rules={[{ max: 20 }]}>
                        <Input data-testid="create-seal-seal-name" />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name="code" label={t('seals.code')} rules={[{ max: 20 }]}>
                        <Input />
                      </Form.Item>
                    </Col>
                  </Row>
                </>
              )}
            </Col>
            <Col span={8}>
              <div
                data-testid="create-seal-sketch"
                title={t('seals.sketch')}
                style={{ background: '#fafafa', borderRadius: 8, padding: 12, textAlign: 'center' }}
              >
                {sketch && <SealSketch spec={sketch} />}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('seals.sketch')}
                </Typography.Text>
              </div>
            </Col>
          </Row>
        )}
        {appearance === 'image' && (
          <Row gutter={16}>
            <Col span={14}>
              <Form.Item
                name="create-seal-image"
                label={t('seals.image')}
                rules={[
                  { validator: () => (image ? Promise.resolve() : Promise.reject(t('users.required'))) },
                ]}
              >
                {picker(
                  'image/png,image/svg+xml',
                  MAX_SEAL_IMAGE_BYTES,
                  image,
                  setImage,
                  t('seals.chooseImage'),
                  'create-seal-image',
                  true,
                )}
              </Form.Item>
              <Form.Item name="widthMm" label={t('seals.widthMm')} rules={[required]}>
                <InputNumber min={10} max={80} step={1} />
              </Form.Item>
            </Col>
            <Col span={10}>
              {image?.url && (
                <img
                  src={image.url}
                  alt=""
                  style={{ width: '100%', maxHeight: 160, objectFit: 'contain', background: '#fafafa' }}
                />
              )}
            </Col>
          </Row>
        )}
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
                    {picker(
                      '.p12,.pfx,application/x-pkcs12',
                      MAX_PKCS12_BYTES,
                      pkcs12,
                      setPkcs12,
                      t('seals.chooseP12'),
                      'create-seal-p12',
                      false,
                    )}
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

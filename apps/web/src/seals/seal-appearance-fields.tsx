import { MAX_SEAL_IMAGE_BYTES } from '@openseal/contract';
import { Col, Form, Input, InputNumber, Radio, Row, Typography } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';
import { type SealAppearanceForm, sealSpecOf } from './create-seal-body.ts';
import { FilePicker, type Picked } from './file-picker.tsx';
import { SealSketch } from './seal-sketch.tsx';

const APPEARANCES = ['round', 'oval', 'square', 'image'] as const;

/**
 * The picture part of a seal form (make or change): the kind of impression, its texts with a live
 * sketch, or an uploaded image and its printed width. Rendered inside a `Form` holding
 * {@link SealAppearanceForm} fields; test ids start with `testIdPrefix`.
 */
export function SealAppearanceFields({
  testIdPrefix,
  image,
  onImage,
  imageRequired,
  currentImageUrl,
}: {
  testIdPrefix: string;
  image: Picked | null;
  onImage: (picked: Picked | null) => void;
  /** Whether an image seal needs a file picked here (a change may keep the uploaded one). */
  imageRequired: boolean;
  /** Shown while no new image is picked. */
  currentImageUrl?: string;
}) {
  const { t } = useLocale();
  const form = Form.useFormInstance<SealAppearanceForm>();
  const appearance = Form.useWatch('appearance', form) ?? 'round';
  const values = Form.useWatch((v: Partial<SealAppearanceForm>) => v, form);
  const sketch = values && appearance !== 'image' ? sealSpecOf({ ...values, appearance }) : null;
  const required = { required: true, message: t('users.required') };
  const id = (suffix: string) => `${testIdPrefix}-${suffix}`;
  const shownImage = image?.url ?? currentImageUrl;

  return (
    <>
      <Form.Item name="appearance" label={t('seals.appearance')}>
        <Radio.Group
          data-testid={id('appearance')}
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
                  <Input data-testid={id('person')} />
                </Form.Item>
                <Form.Item name="suffix" label={t('seals.suffix')} rules={[{ max: 2 }]}>
                  <Input />
                </Form.Item>
              </>
            ) : (
              <>
                <Form.Item name="orgName" label={t('seals.orgName')} rules={[required, { max: 40 }]}>
                  <Input data-testid={id('org-name')} />
                </Form.Item>
                <Row gutter={16}>
                  <Col span={12}>
                    <Form.Item name="sealName" label={t('seals.sealName')} rules={[{ max: 20 }]}>
                      <Input data-testid={id('seal-name')} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="code" label={t('seals.code')} rules={[{ max: 20 }]}>
                      <Input data-testid={id('code')} />
                    </Form.Item>
                  </Col>
                </Row>
              </>
            )}
          </Col>
          <Col span={8}>
            <div
              data-testid={id('sketch')}
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
              name={id('image')}
              label={t('seals.image')}
              rules={[
                {
                  validator: () =>
                    image || !imageRequired ? Promise.resolve() : Promise.reject(t('users.required')),
                },
              ]}
            >
              <FilePicker
                accept="image/png,image/svg+xml"
                max={MAX_SEAL_IMAGE_BYTES}
                picked={image}
                onPick={onImage}
                label={t('seals.chooseImage')}
                testId={id('image')}
                withUrl
              />
            </Form.Item>
            <Form.Item name="widthMm" label={t('seals.widthMm')} rules={[required]}>
              <InputNumber min={10} max={80} step={1} data-testid={id('width')} />
            </Form.Item>
          </Col>
          <Col span={10}>
            {shownImage && (
              <img
                data-testid={id('image-preview')}
                src={shownImage}
                alt=""
                style={{ width: '100%', maxHeight: 160, objectFit: 'contain', background: '#fafafa' }}
              />
            )}
          </Col>
        </Row>
      )}
    </>
  );
}

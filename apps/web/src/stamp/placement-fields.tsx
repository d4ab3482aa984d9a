import { Alert, Col, Form, Input, Radio, Row, Select } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';
import type { PlacementKind } from './placement.ts';

/**
 * The placement part of a stamping form (inside an antd Form with fields `placement`, `keyword`,
 * `occurrence`): click on the page, a keyword, or across the page edges. `prefix` names the test ids.
 */
export function PlacementFields({
  kind,
  placed,
  prefix,
}: {
  kind: PlacementKind;
  placed: { page: number; x: number; y: number } | null;
  prefix: string;
}) {
  const { t } = useLocale();
  const required = { required: true, message: t('stamp.required') };
  return (
    <>
      <Form.Item name="placement" label={t('stamp.placement')}>
        <Radio.Group data-testid={`${prefix}-placement`} optionType="button" buttonStyle="solid">
          <Radio value="page">{t('placement.page')}</Radio>
          <Radio value="keyword">{t('placement.keyword')}</Radio>
          <Radio value="cross-page">{t('placement.crossPage')}</Radio>
        </Radio.Group>
      </Form.Item>
      {kind === 'page' &&
        (placed ? (
          <Alert
            data-testid={`${prefix}-placed`}
            data-page={placed.page}
            data-x={placed.x}
            data-y={placed.y}
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('stamp.placed', { page: placed.page, x: placed.x.toFixed(1), y: placed.y.toFixed(1) })}
          />
        ) : (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('stamp.clickHint')} />
        ))}
      {kind === 'keyword' && (
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="keyword" label={t('stamp.keyword')} rules={[required, { max: 100 }]}>
              <Input data-testid={`${prefix}-keyword`} placeholder={t('stamp.keywordPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="occurrence" label={t('stamp.occurrence')}>
              <Select
                options={[
                  { value: 'first', label: t('occurrence.first') },
                  { value: 'last', label: t('occurrence.last') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
      )}
      {kind === 'cross-page' && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('stamp.crossPageHint')} />
      )}
    </>
  );
}

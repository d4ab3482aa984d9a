import { EyeOutlined, FileDoneOutlined } from '@ant-design/icons';
import type { PortalCredentialType } from '@openseal/contract';
import { Button, Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

/**
 * The credential types open to me, one card each; a type the academic/HR systems sent no data for
 * yet is greyed out and cannot be previewed or requested.
 */
export function CredentialTypeCards({
  types,
  previewing,
  onPreview,
  onApply,
}: {
  types: PortalCredentialType[];
  /** The code of the type whose preview is loading. */
  previewing: string | null;
  onPreview: (type: PortalCredentialType) => void;
  onApply: (type: PortalCredentialType) => void;
}) {
  const { t, locale } = useLocale();
  if (types.length === 0) return <Empty description={t('portal.noTypes')} />;
  return (
    <Row gutter={[12, 12]} data-testid="portal-types">
      {types.map((type) => (
        <Col key={type.code} xs={24} sm={12} xl={8}>
          <Card
            size="small"
            data-testid="portal-type"
            data-code={type.code}
            data-available={String(type.available)}
            data-requires-approval={String(type.requiresApproval)}
            style={{ height: '100%', ...(type.available ? {} : { opacity: 0.55, background: '#fafafa' }) }}
          >
            <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
              <div style={{ flex: '1 1 140px', minWidth: 0 }}>
                <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
                  {locale === 'zh-CN' ? type.name.zh : type.name.en}
                </Typography.Text>
                {type.available ? (
                  <Tag color={type.requiresApproval ? 'orange' : 'green'}>
                    {t(type.requiresApproval ? 'portal.needsApproval' : 'portal.instant')}
                  </Tag>
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="portal-no-data">
                    {t('portal.noData')}
                  </Typography.Text>
                )}
              </div>
              <Space size={4}>
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  disabled={!type.available}
                  loading={previewing === type.code}
                  onClick={() => onPreview(type)}
                  data-testid="portal-preview"
                >
                  {t('portal.preview')}
                </Button>
                <Button
                  size="small"
                  type="primary"
                  icon={<FileDoneOutlined />}
                  disabled={!type.available}
                  onClick={() => onApply(type)}
                  data-testid="portal-apply"
                >
                  {t('portal.apply')}
                </Button>
              </Space>
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

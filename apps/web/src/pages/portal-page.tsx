import { type PortalCredentialType, routes } from '@openseal/contract';
import { App, Button, Card, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { ApplyModal } from '../credentials-portal/apply-modal.tsx';
import { CredentialTypeCards } from '../credentials-portal/credential-type-cards.tsx';
import { MyCredentialsTable } from '../credentials-portal/my-credentials-table.tsx';
import { PdfPreviewModal } from '../credentials-portal/pdf-preview-modal.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from './load-failed.tsx';

/**
 * 电子凭证 (students and staff): the credential types open to me, a preview of each with my own data
 * (unsigned, marked SPECIMEN), the request, and the credentials already issued to me.
 */
export function PortalPage() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const types = useApiGet(routes.listPortalTypes);
  const mine = useApiGet(routes.listMyCredentials);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ type: PortalCredentialType; bytes: Uint8Array } | null>(null);
  const [applying, setApplying] = useState<PortalCredentialType | null>(null);
  const nameOf = (type: PortalCredentialType) => (locale.locale === 'zh-CN' ? type.name.zh : type.name.en);

  async function openPreview(type: PortalCredentialType) {
    setPreviewing(type.code);
    try {
      const { bytes } = await api.call(routes.portalPreview, { params: { code: type.code } });
      setPreview({ type, bytes });
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setPreviewing(null);
    }
  }

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="portal-page">
      <Card
        title={<Typography.Text strong>{t('portal.title')}</Typography.Text>}
        styles={{ body: { padding: 12 } }}
      >
        <Typography.Paragraph type="secondary">{t('portal.intro')}</Typography.Paragraph>
        {types.load.status === 'failed' && <LoadFailed error={types.load.error} />}
        {types.load.status === 'loading' && <Spin style={{ display: 'block', padding: 24 }} />}
        {types.load.status === 'ready' && (
          <CredentialTypeCards
            types={types.load.data}
            previewing={previewing}
            onPreview={(type) => void openPreview(type)}
            onApply={setApplying}
          />
        )}
      </Card>
      <Card
        title={<Typography.Text strong>{t('portal.mine')}</Typography.Text>}
        styles={{ body: { padding: 8 } }}
      >
        {mine.load.status === 'failed' ? (
          <LoadFailed error={mine.load.error} />
        ) : (
          <MyCredentialsTable
            credentials={mine.load.status === 'ready' ? mine.load.data : []}
            loading={mine.load.status === 'loading'}
          />
        )}
      </Card>
      <PdfPreviewModal
        title={preview ? t('portal.previewTitle', { name: nameOf(preview.type) }) : ''}
        bytes={preview?.bytes ?? null}
        onClose={() => setPreview(null)}
        footer={
          preview && (
            <Button
              type="primary"
              data-testid="preview-apply"
              onClick={() => {
                setApplying(preview.type);
                setPreview(null);
              }}
            >
              {t('portal.apply')}
            </Button>
          )
        }
      />
      <ApplyModal type={applying} onClose={() => setApplying(null)} onIssued={mine.reload} />
    </Space>
  );
}

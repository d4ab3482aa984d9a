import { routes } from '@openseal/contract';
import { Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { shownPath } from '../api/api-url.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { curlExample } from './integration-example.ts';
import { useCredentialTypes } from './use-credential-types.ts';

/** A short how-to for the IT colleague connecting the academic or HR system. */
export function IntegrationHowto() {
  const { t } = useLocale();
  const { types, options, loading } = useCredentialTypes();
  const [code, setCode] = useState<string | undefined>(undefined);
  const chosen = types.find((x) => x.code === code) ?? types[0];
  const detail = useApiGet(
    routes.getCredentialTemplate,
    chosen?.templateId ? { params: { id: chosen.templateId } } : null,
  );
  const schema = detail.load.status === 'ready' ? detail.load.data.dataSchema : { type: 'object' };
  const labels = { typeCode: t('data.howto.typeCode'), recordId: t('data.howto.recordId') };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('data.howto.intro')}</Typography.Paragraph>
      <ol style={{ paddingInlineStart: 20, margin: 0 }}>
        <li>{t('data.howto.step1')}</li>
        <li>{t('data.howto.step2', { path: shownPath(routes.pushRecord, labels) })}</li>
        <li>{t('data.howto.step3')}</li>
        <li>{t('data.howto.step4')}</li>
      </ol>
      <Select
        style={{ width: '100%', maxWidth: 420 }}
        loading={loading}
        value={chosen?.code}
        options={options}
        onChange={setCode}
        placeholder={t('data.type')}
      />
      {chosen && (
        <Typography.Paragraph
          copyable={{ text: curlExample(window.location.origin, chosen.code, schema) }}
          data-testid="data-howto-curl"
        >
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, margin: 0 }}>
            {curlExample(window.location.origin, chosen.code, schema)}
          </pre>
        </Typography.Paragraph>
      )}
      <Typography.Text type="secondary">
        {t('data.howto.batch', { path: shownPath(routes.pushRecords, labels) })}
      </Typography.Text>
    </Space>
  );
}

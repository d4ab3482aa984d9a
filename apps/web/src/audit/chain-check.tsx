import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { type AuditVerifyResult, routes } from '@openseal/contract';
import { Alert, App, Button, Space } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { saveBytes } from '../credentials-portal/save-bytes.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/**
 * The auditor's two tools above the log: the chain check `openseal audit verify` runs (same
 * function, through routes.verifyAudit) and the CSV export.
 */
export function AuditChainCheck() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const [checking, setChecking] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);

  async function check() {
    setChecking(true);
    try {
      setResult(await api.call(routes.verifyAudit));
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setChecking(false);
    }
  }

  async function exportCsv() {
    setExporting(true);
    try {
      const { bytes } = await api.call(routes.exportAudit);
      saveBytes(bytes, `openseal-audit-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv');
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
      <Space wrap>
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={checking}
          onClick={() => void check()}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={() => void exportCsv()}
          data-testid="audit-export"
        >
          {t('audit.export')}
        </Button>
      </Space>
      {result && (
        <Alert
          data-testid="audit-verify-result"
          data-ok={String(result.ok)}
          type={result.ok ? 'success' : 'error'}
          showIcon
          message={
            result.firstBroken
              ? t('audit.verify.broken', {
                  seq: result.firstBroken.seq,
                  kind: t(`audit.finding.${result.firstBroken.kind}`),
                })
              : t('audit.verify.intact', { entries: result.entries, checkpoints: result.checkpoints })
          }
          description={result.firstBroken?.reason ?? (result.keyed ? undefined : t('audit.verify.notKeyed'))}
        />
      )}
    </Space>
  );
}

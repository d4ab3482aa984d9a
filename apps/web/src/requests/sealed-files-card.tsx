import { DownloadOutlined } from '@ant-design/icons';
import { type ApprovalRequest, type Me, routes } from '@openseal/contract';
import { Alert, Button, Card, List, Typography } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useSubmit } from '../api/use-submit.ts';
import { hasPermission } from '../auth/nav-access.ts';
import { clickDownload } from '../files/click-download.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { sealedFileName } from '../stamp/pdf-file.ts';

/**
 * The sealed copies stamped under a request, kept by the server: the requester and the file admins
 * (documents.read; the server checks the unit) download them again, the same bytes each time.
 */
export function SealedFilesCard({ request, me }: { request: ApprovalRequest; me: Me }) {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const when = useSchoolTime();
  const mayDownload = request.requester.id === me.id || hasPermission(me, 'documents.read');
  const latest = request.files[request.files.length - 1];
  const name = sealedFileName(latest?.name ?? request.title);
  const download = useSubmit(async (ledgerId: string) => {
    const { bytes } = await api.call(routes.sealedFile, { params: { id: request.id, ledgerId } });
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    try {
      clickDownload(url, name);
    } finally {
      // The click has handed the blob to the browser's download: the URL can go.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }
  });
  if (request.sealedFiles.length === 0) return null;
  return (
    <Card title={t('request.sealedFiles')} size="small" data-testid="request-sealed-files">
      {download.error !== null && (
        <Alert
          type="error"
          showIcon
          message={errorText(download.error, locale)}
          style={{ marginBottom: 8 }}
        />
      )}
      <List
        dataSource={request.sealedFiles}
        rowKey="ledgerId"
        renderItem={(file) => (
          <List.Item
            data-testid="request-sealed-file"
            data-ledger-id={file.ledgerId}
            style={{ display: 'block' }}
          >
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              {mayDownload && (
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  loading={download.submitting}
                  data-testid="request-sealed-download"
                  onClick={() => void download.submit(file.ledgerId)}
                >
                  {name}
                </Button>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('request.sealedBy', { name: file.sealedBy.name, at: when(file.createdAt) })}
              </Typography.Text>
            </div>
            <Typography.Text
              type="secondary"
              copyable={{ text: file.sha256 }}
              style={{ fontSize: 12, wordBreak: 'break-all' }}
            >
              SHA-256 {file.sha256}
            </Typography.Text>
            {file.sm3 && (
              <Typography.Text
                type="secondary"
                copyable={{ text: file.sm3 }}
                style={{ fontSize: 12, wordBreak: 'break-all' }}
              >
                SM3 {file.sm3}
              </Typography.Text>
            )}
          </List.Item>
        )}
      />
    </Card>
  );
}

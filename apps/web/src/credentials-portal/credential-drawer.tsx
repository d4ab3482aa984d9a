import { DownloadOutlined, StopOutlined } from '@ant-design/icons';
import { type CredentialDetail, routes } from '@openseal/contract';
import { Button, Descriptions, Drawer, Grid, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useApiGet } from '../api/use-api-get.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from '../pages/load-failed.tsx';
import { formatCode } from './credential-code.ts';
import { CredentialStatusTag } from './credential-status-tag.tsx';
import { RevokeModal } from './revoke-modal.tsx';
import { credentialFileName } from './save-bytes.ts';
import { usePdfDownload } from './use-pdf-download.ts';

/** One archived credential: its code and URL as printed, retention, the file, and revocation. */
export function CredentialDrawer({
  id,
  canRevoke,
  onClose,
  onChanged,
}: {
  /** null: closed. */
  id: string | null;
  canRevoke: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, locale } = useLocale();
  const narrow = !Grid.useBreakpoint().md;
  const { load, reload } = useApiGet(routes.getArchivedCredential, id ? { params: { id } } : null);
  const { busy, download } = usePdfDownload(routes.archivedCredentialPdf);
  const [revoking, setRevoking] = useState<CredentialDetail | null>(null);
  const c = load.status === 'ready' && load.data.id === id ? load.data : null;
  const schoolTime = useSchoolTime();
  const when = (at: string | null) => (at ? schoolTime(at) : '—');

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={narrow ? '100%' : 560}
      title={t('archive.detail')}
      data-testid="archive-drawer"
      extra={
        c && (
          <Space>
            <Button
              icon={<DownloadOutlined />}
              loading={busy !== null}
              data-testid="archive-download"
              onClick={() => void download({ params: { id: c.id } }, credentialFileName(c))}
            >
              {t('portal.download')}
            </Button>
            {canRevoke && c.status === 'issued' && (
              <Button
                danger
                icon={<StopOutlined />}
                data-testid="archive-revoke"
                onClick={() => setRevoking(c)}
              >
                {t('archive.revoke')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {load.status === 'failed' && <LoadFailed error={load.error} />}
      {!c && load.status !== 'failed' && <Spin style={{ display: 'block', padding: 48 }} />}
      {c && (
        <Descriptions
          column={1}
          size="small"
          bordered
          data-testid="archive-facts"
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={[
            {
              key: 'type',
              label: t('credential.type'),
              children: locale === 'zh-CN' ? c.typeName.zh : c.typeName.en,
            },
            { key: 'holder', label: t('credential.holder'), children: `${c.subjectName} (${c.subject})` },
            {
              key: 'status',
              label: t('credential.status'),
              children: <CredentialStatusTag status={c.status} />,
            },
            { key: 'issued', label: t('credential.issuedAt'), children: when(c.issuedAt) },
            ...(c.status === 'revoked'
              ? [
                  { key: 'revokedAt', label: t('archive.revokedAt'), children: when(c.revokedAt) },
                  {
                    key: 'reason',
                    label: t('archive.revoke.reason'),
                    children: <span data-testid="archive-revoke-reason">{c.revokeReason ?? '—'}</span>,
                  },
                ]
              : []),
            { key: 'publicId', label: t('credential.publicId'), children: c.publicId },
            {
              key: 'code',
              label: t('credential.code'),
              children: (
                <Typography.Text copyable={{ text: c.code }} data-testid="archive-code">
                  {formatCode(c.code)}
                </Typography.Text>
              ),
            },
            {
              key: 'url',
              label: t('archive.verifyUrl'),
              children: (
                <Typography.Link
                  href={c.verifyUrl}
                  target="_blank"
                  rel="noreferrer"
                  style={{ wordBreak: 'break-all' }}
                >
                  {c.verifyUrl}
                </Typography.Link>
              ),
            },
            { key: 'retain', label: t('archive.retainUntil'), children: c.retainUntil },
            { key: 'pages', label: t('credential.pages'), children: c.pageCount },
            ...(c.jobId ? [{ key: 'job', label: t('archive.jobId'), children: c.jobId }] : []),
            {
              key: 'sha',
              label: 'SHA-256',
              children: (
                <Typography.Text style={{ fontSize: 12, wordBreak: 'break-all' }}>{c.sha256}</Typography.Text>
              ),
            },
          ]}
        />
      )}
      <RevokeModal
        credential={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={() => {
          setRevoking(null);
          reload();
          onChanged();
        }}
      />
    </Drawer>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import { type CredentialDetail, routes } from '@openseal/contract';
import { Button, Grid, Table, Typography } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { apiUrl } from '../api/api-url.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { formatCode } from './credential-code.ts';
import { CredentialStatusTag } from './credential-status-tag.tsx';
import { credentialFileName } from './save-bytes.ts';
import { usePdfDownload } from './use-pdf-download.ts';

/** 我的凭证: what was issued to me, newest first, with the printed code and the download. */
export function MyCredentialsTable({
  credentials,
  loading,
}: {
  credentials: CredentialDetail[];
  loading: boolean;
}) {
  const { t, locale } = useLocale();
  const { busy, download } = usePdfDownload(routes.myCredentialPdf);
  // On a phone the date and the code sit under the type's name instead of in their own columns.
  const wide = Grid.useBreakpoint().sm === true;
  const when = useSchoolTime();
  const pdf = (c: CredentialDetail) => ({ params: { id: c.id } });
  const sorted = [...credentials].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));

  return (
    <Table<CredentialDetail>
      data-testid="my-credentials"
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={sorted}
      pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
      locale={{ emptyText: t('portal.mine.empty') }}
      onRow={(c) =>
        ({ 'data-testid': 'my-credential', 'data-id': c.id }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          key: 'type',
          title: t('credential.type'),
          render: (_, c) => (
            <>
              <div>{locale === 'zh-CN' ? c.typeName.zh : c.typeName.en}</div>
              {!wide && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {when(c.issuedAt)}
                  <br />
                  {t('portal.code', { code: formatCode(c.code) })}
                </Typography.Text>
              )}
            </>
          ),
        },
        {
          key: 'status',
          title: t('credential.status'),
          render: (_, c) => <CredentialStatusTag status={c.status} />,
        },
        ...(wide
          ? [
              {
                key: 'issued',
                title: t('credential.issuedAt'),
                render: (_: unknown, c: CredentialDetail) => when(c.issuedAt),
              },
              {
                key: 'code',
                title: t('credential.code'),
                render: (_: unknown, c: CredentialDetail) => (
                  <Typography.Text copyable={{ text: c.code }} data-testid="my-credential-code">
                    {formatCode(c.code)}
                  </Typography.Text>
                ),
              },
            ]
          : []),
        {
          key: 'download',
          title: '',
          align: 'right' as const,
          render: (_, c) => (
            <Button
              size="small"
              icon={<DownloadOutlined />}
              loading={busy === apiUrl(routes.myCredentialPdf, pdf(c))}
              aria-label={t('portal.download')}
              data-testid="my-credential-download"
              onClick={() => void download(pdf(c), credentialFileName(c))}
            >
              {wide ? t('portal.download') : null}
            </Button>
          ),
        },
      ]}
    />
  );
}

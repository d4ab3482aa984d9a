import type { ArchivedCredentialStatus } from '@openseal/contract';
import { Alert, Descriptions } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { CredentialStatusTag } from './credential-status-tag.tsx';

/**
 * What the archive says about an uploaded file that is one of our credentials: still valid, or
 * revoked (when and why). The signatures can hold while the credential is revoked; this says so.
 */
export function ArchivedStatus({ credential }: { credential: ArchivedCredentialStatus }) {
  const { t, locale } = useLocale();
  const revoked = credential.status === 'revoked';
  const when = useSchoolTime();
  return (
    <div data-testid="archived-status" data-status={credential.status} style={{ marginTop: 16 }}>
      <Alert
        type={revoked ? 'error' : 'success'}
        showIcon
        message={t(revoked ? 'credential.archive.revoked' : 'credential.archive.current')}
        description={
          revoked
            ? t('credential.archive.revokedDetail', {
                at: credential.revokedAt ? when(credential.revokedAt) : '—',
                reason: credential.revokeReason ?? '—',
              })
            : undefined
        }
      />
      <Descriptions
        column={1}
        size="small"
        bordered
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'type',
            label: t('credential.type'),
            children: locale === 'zh-CN' ? credential.typeName.zh : credential.typeName.en,
          },
          { key: 'holder', label: t('credential.holder'), children: credential.subjectName },
          {
            key: 'status',
            label: t('credential.status'),
            children: <CredentialStatusTag status={credential.status} />,
          },
          { key: 'issued', label: t('credential.issuedAt'), children: when(credential.issuedAt) },
          { key: 'number', label: t('credential.publicId'), children: credential.publicId },
        ]}
      />
    </div>
  );
}

import type { CredentialStatus } from '@openseal/contract';
import { Tag } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

/** 有效 / 已撤销, green or red. */
export function CredentialStatusTag({ status }: { status: CredentialStatus }) {
  const { t } = useLocale();
  return (
    <Tag color={status === 'issued' ? 'green' : 'red'} data-testid="credential-status" data-status={status}>
      {t(status === 'issued' ? 'credential.status.issued' : 'credential.status.revoked')}
    </Tag>
  );
}

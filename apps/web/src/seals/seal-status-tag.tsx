import type { SealStatus } from '@openseal/contract';
import { Tag } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

const COLOR: Readonly<Record<SealStatus, string>> = {
  active: 'green',
  suspended: 'orange',
  revoked: 'red',
  destroyed: 'default',
};

export function SealStatusTag({ status }: { status: SealStatus }) {
  const { t } = useLocale();
  return (
    <Tag color={COLOR[status]} data-testid="seal-status">
      {t(`sealStatus.${status}`)}
    </Tag>
  );
}

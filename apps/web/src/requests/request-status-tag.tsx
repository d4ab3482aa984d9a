import type { ApprovalRequest } from '@openseal/contract';
import { Tag } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

type Status = 'pending' | 'approved' | 'completed' | 'rejected' | 'returned' | 'withdrawn';

const COLOR: Readonly<Record<Status, string>> = {
  pending: 'processing',
  approved: 'success',
  completed: 'success',
  rejected: 'error',
  returned: 'warning',
  withdrawn: 'default',
};

export function RequestStatusTag({ status }: { status: ApprovalRequest['status'] }) {
  const { t } = useLocale();
  const known = status in COLOR ? (status as Status) : null;
  return (
    <Tag color={known ? COLOR[known] : 'default'} data-testid="request-status" data-status={status}>
      {known ? t(`requestStatus.${known}`) : status}
    </Tag>
  );
}

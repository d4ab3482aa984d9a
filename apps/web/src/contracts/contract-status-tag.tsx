import type { ContractStatus, PartyStatus } from '@openseal/contract';
import { Tag } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

const CONTRACT_COLOR: Readonly<Record<ContractStatus, string>> = {
  signing: 'processing',
  completed: 'success',
  declined: 'error',
  voided: 'default',
  expired: 'warning',
};

const PARTY_COLOR: Readonly<Record<PartyStatus, string>> = {
  waiting: 'default',
  ready: 'processing',
  signed: 'success',
  declined: 'error',
};

/** 签署中 / 已完成 / 已拒签 / 已作废 / 已过期. */
export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useLocale();
  return (
    <Tag color={CONTRACT_COLOR[status]} data-testid="contract-status" data-status={status}>
      {t(`contractStatus.${status}`)}
    </Tag>
  );
}

/** 待签署 / 签署中 (their turn) / 已签署 / 已拒签, for one party. */
export function PartyStatusTag({ status }: { status: PartyStatus }) {
  const { t } = useLocale();
  return (
    <Tag
      color={PARTY_COLOR[status]}
      data-testid="party-status"
      data-status={status}
      style={{ marginInlineEnd: 0 }}
    >
      {t(`partyStatus.${status}`)}
    </Tag>
  );
}

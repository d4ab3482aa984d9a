import { type ContractDetail, type ContractEventKind, EXTERNAL_USERNAME_PREFIX } from '@openseal/contract';
import { Space, Timeline, Tooltip, Typography } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';

const COLOR: Readonly<Record<ContractEventKind, string>> = {
  created: 'blue',
  viewed: 'gray',
  reminded: 'gray',
  consented: 'blue',
  'identity-checked': 'blue',
  'code-verified': 'blue',
  'certificate-issued': 'blue',
  signed: 'green',
  sealed: 'green',
  declined: 'red',
  voided: 'red',
  'void-proposed': 'orange',
  'void-agreed': 'orange',
  expired: 'orange',
  completed: 'green',
};

/**
 * Everything that happened to the contract, oldest first, in the school's time with its zone said:
 * who, for which party, from where, and the file's SHA-256 as it stood after (the evidence trail).
 */
export function ContractEvents({ contract }: { contract: ContractDetail }) {
  const { t } = useLocale();
  const when = useSchoolTime();
  const partyName = (id: string | undefined) => contract.parties.find((p) => p.id === id)?.name;
  return (
    <Timeline
      data-testid="contract-events"
      items={contract.events.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: COLOR[e.kind],
        children: (
          <div data-testid="contract-event" data-kind={e.kind}>
            <Space wrap size={[6, 0]}>
              <Typography.Text strong>{t(`contractEvent.${e.kind}`)}</Typography.Text>
              <span>
                {e.actor === 'system'
                  ? t('trajectory.system')
                  : e.actor.startsWith(EXTERNAL_USERNAME_PREFIX)
                    ? t('contracts.outsider')
                    : e.actor}
              </span>
              {e.partyId && partyName(e.partyId) && partyName(e.partyId) !== e.actor && (
                <Typography.Text type="secondary">({partyName(e.partyId)})</Typography.Text>
              )}
            </Space>
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">{when(e.at)}</Typography.Text>
            </div>
            {e.detail && <div style={{ color: '#595959' }}>“{e.detail}”</div>}
            <div style={{ fontSize: 12, color: '#8c8c8c', wordBreak: 'break-all' }}>
              {e.ip && <span>IP {e.ip} · </span>}
              <Tooltip title={e.documentSha256}>
                <span>SHA-256 {e.documentSha256.slice(0, 16)}…</span>
              </Tooltip>
            </div>
          </div>
        ),
      }))}
    />
  );
}

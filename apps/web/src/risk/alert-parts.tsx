import type { RiskAlert, RiskAlertStatus } from '@openseal/contract';
import { Button, List, Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';

export const SEVERITY_COLOR = { low: 'blue', medium: 'orange', high: 'red' } as const;
const STATUS_COLOR = { open: 'red', acknowledged: 'gold', resolved: 'green' } as const;

export type AlertStep = 'acknowledge' | 'resolve';

/** The pieces of one alert that the wide table and the phone cards both show. */
export function AlertStatusTag({ status }: { status: RiskAlertStatus }) {
  const { t } = useLocale();
  return (
    <Tag data-testid="alert-status" color={STATUS_COLOR[status]}>
      {t(`risk.status.${status}`)}
    </Tag>
  );
}

export function AlertSeal({ alert }: { alert: RiskAlert }) {
  if (!alert.sealId) return null;
  return (
    <Tooltip title={alert.sealId}>
      <span data-testid="alert-seal">{alert.sealName ?? alert.sealId.slice(0, 8)}</span>
    </Tooltip>
  );
}

export function AlertUser({ alert }: { alert: RiskAlert }) {
  return <span data-testid="alert-user">{alert.userName ?? alert.userId?.slice(0, 8) ?? ''}</span>;
}

export function AlertRequest({ alert }: { alert: RiskAlert }) {
  if (!alert.requestId) return null;
  return (
    <Link data-testid="alert-request-link" to={`/requests/${encodeURIComponent(alert.requestId)}`}>
      {alert.requestTitle ?? alert.requestId.slice(0, 8)}
    </Link>
  );
}

/** 确认 while open, 处理 until resolved: each asks for a note. */
export function AlertActions({
  alert,
  onStep,
}: {
  alert: RiskAlert;
  onStep: (alert: RiskAlert, step: AlertStep) => void;
}) {
  const { t } = useLocale();
  return (
    <Space>
      {alert.status === 'open' && (
        <Button size="small" data-testid="alert-acknowledge" onClick={() => onStep(alert, 'acknowledge')}>
          {t('risk.acknowledge')}
        </Button>
      )}
      {alert.status !== 'resolved' && (
        <Button
          size="small"
          type="primary"
          data-testid="alert-resolve"
          onClick={() => onStep(alert, 'resolve')}
        >
          {t('risk.resolve')}
        </Button>
      )}
    </Space>
  );
}

export function AlertNotes({ alert }: { alert: RiskAlert }) {
  const { t } = useLocale();
  const when = useSchoolTime();
  return (
    <List
      size="small"
      data-testid="alert-notes"
      header={t('risk.notes')}
      dataSource={alert.notes}
      renderItem={(n) => (
        <List.Item>
          <Typography.Text type="secondary">
            {when(n.at)} · {n.by}
          </Typography.Text>
          <span style={{ marginLeft: 12 }}>{n.text}</span>
        </List.Item>
      )}
    />
  );
}

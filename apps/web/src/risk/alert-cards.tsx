import type { RiskAlert } from '@openseal/contract';
import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { alertDetailsText } from './alert-details.ts';
import {
  AlertActions,
  AlertNotes,
  AlertRequest,
  AlertSeal,
  AlertStatusTag,
  type AlertStep,
  AlertUser,
  SEVERITY_COLOR,
} from './alert-parts.tsx';

/** On a phone: one card per alert, what happened first, so nothing hides behind a sideways scroll. */
export function AlertCards({
  alerts,
  loading,
  onStep,
}: {
  alerts: RiskAlert[];
  loading: boolean;
  onStep: (alert: RiskAlert, step: AlertStep) => void;
}) {
  const { t } = useLocale();
  const when = useSchoolTime();
  const { unitName } = useOrgTree();
  return (
    <List<RiskAlert>
      data-testid="alerts-cards"
      loading={loading}
      dataSource={alerts}
      pagination={alerts.length > 20 ? { pageSize: 20, size: 'small' } : false}
      renderItem={(a) => (
        <List.Item
          key={a.id}
          style={{ padding: '6px 0', border: 'none' }}
          {...({
            'data-testid': 'alert-row',
            'data-row-key': a.id,
            'data-rule': a.rule,
            'data-status': a.status,
          } as object)}
        >
          <Card size="small" style={{ width: '100%' }}>
            <Space wrap size={4} style={{ marginBottom: 6 }}>
              <Typography.Text strong>{t(`risk.rule.${a.rule}`)}</Typography.Text>
              <Tag color={SEVERITY_COLOR[a.severity]}>{t(`risk.severity.${a.severity}`)}</Tag>
              <AlertStatusTag status={a.status} />
            </Space>
            <Typography.Paragraph style={{ marginBottom: 6 }} data-testid="alert-details">
              {alertDetailsText(a, t, unitName)}
            </Typography.Paragraph>
            <Descriptions size="small" column={1} colon>
              <Descriptions.Item label={t('risk.time')}>{when(a.createdAt)}</Descriptions.Item>
              {a.sealId && (
                <Descriptions.Item label={t('risk.seal')}>
                  <AlertSeal alert={a} />
                </Descriptions.Item>
              )}
              {a.userId && (
                <Descriptions.Item label={t('risk.user')}>
                  <AlertUser alert={a} />
                </Descriptions.Item>
              )}
              {a.requestId && (
                <Descriptions.Item label={t('risk.request')}>
                  <AlertRequest alert={a} />
                </Descriptions.Item>
              )}
            </Descriptions>
            {a.notes.length > 0 && <AlertNotes alert={a} />}
            <div style={{ marginTop: 8 }}>
              <AlertActions alert={a} onStep={onStep} />
            </div>
          </Card>
        </List.Item>
      )}
    />
  );
}

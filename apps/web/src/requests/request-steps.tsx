import { CheckCircleOutlined, ClockCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import type { ApprovalRequest } from '@openseal/contract';
import { Space, Tag, Timeline, Typography } from 'antd';
import { useSchoolTime } from '../account/school-time-context.tsx';
import { nameIn } from '../i18n/bilingual-name.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';

type Step = ApprovalRequest['steps'][number];

const STEP_STATUS = new Set(['waiting', 'done', 'skipped', 'pending-later']);

function stepIcon(status: string) {
  if (status === 'done') return <CheckCircleOutlined style={{ color: '#52c41a' }} />;
  if (status === 'skipped') return <MinusCircleOutlined style={{ color: '#bfbfbf' }} />;
  if (status === 'waiting') return <ClockCircleOutlined style={{ color: '#1677ff' }} />;
  return undefined;
}

/** The flow's steps in order: who approves, 会签 or 或签, who decided with what comment, due when. */
export function RequestSteps({ steps }: { steps: Step[] }) {
  const { t, locale } = useLocale();
  const when = useSchoolTime();
  const statusLabel = (s: string) => (STEP_STATUS.has(s) ? t(`stepStatus.${s}` as MessageKey) : s);
  return (
    <Timeline
      data-testid="request-steps"
      items={steps.map((s) => ({
        key: s.id,
        dot: stepIcon(s.status),
        color: s.status === 'waiting' ? 'blue' : 'gray',
        children: (
          <div data-testid="request-step" data-status={s.status} data-step={s.id}>
            <Space wrap size={[6, 2]}>
              <Typography.Text strong>{nameIn(s.name, locale)}</Typography.Text>
              <Tag>{t(s.mode === 'all' ? 'flow.modeAll' : 'flow.modeAny')}</Tag>
              <Tag
                color={s.status === 'waiting' ? 'processing' : s.status === 'done' ? 'success' : 'default'}
              >
                {statusLabel(s.status)}
              </Tag>
            </Space>
            <div style={{ fontSize: 13 }}>
              {t('request.approvers')}: {s.approvers.map((a) => a.name).join('、') || '—'}
            </div>
            {s.dueAt && s.status === 'waiting' && (
              <div style={{ fontSize: 12 }}>
                <Typography.Text type={new Date(s.dueAt) < new Date() ? 'danger' : 'secondary'}>
                  {t('request.dueAt')}: {when(s.dueAt)}
                </Typography.Text>
              </div>
            )}
            {s.approvals.map((a) => (
              <div
                key={`${a.user.id}-${a.at}`}
                data-testid="step-approval"
                style={{ fontSize: 13, marginTop: 4 }}
              >
                <Typography.Text type="success">✓ </Typography.Text>
                {a.user.name}
                {a.onBehalfOf && ` ${t('request.onBehalfOfName', { name: a.onBehalfOf.name })}`}
                <Typography.Text type="secondary"> · {when(a.at)}</Typography.Text>
                {a.comment && <div style={{ color: '#595959', paddingLeft: 14 }}>“{a.comment}”</div>}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}

const HISTORY_ACTIONS = new Set([
  'submit',
  'approve',
  'reject',
  'return',
  'withdraw',
  'resubmit',
  'remind',
  'escalate',
  'skip',
  'complete',
  'stamp',
  'checkout',
  'return-seal',
]);

/** Everything that happened to the request, with who did it and their comments. */
export function RequestHistory({ history }: { history: ApprovalRequest['history'] }) {
  const { t } = useLocale();
  const when = useSchoolTime();
  return (
    <Timeline
      data-testid="request-history"
      items={history.map((h, i) => ({
        key: `${h.at}-${i}`,
        color:
          h.action === 'reject'
            ? 'red'
            : h.action === 'return'
              ? 'orange'
              : h.action === 'approve'
                ? 'green'
                : 'blue',
        children: (
          <div data-testid="history-entry" data-action={h.action}>
            <Space wrap size={[6, 0]}>
              <Typography.Text strong>
                {HISTORY_ACTIONS.has(h.action) ? t(`history.${h.action}` as MessageKey) : h.action}
              </Typography.Text>
              <span>{h.actor?.name ?? t('trajectory.system')}</span>
              {h.onBehalfOf && <span>{t('request.onBehalfOfName', { name: h.onBehalfOf.name })}</span>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {when(h.at)}
              </Typography.Text>
            </Space>
            {h.comment && <div style={{ color: '#595959' }}>“{h.comment}”</div>}
          </div>
        ),
      }))}
    />
  );
}

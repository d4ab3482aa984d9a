import {
  RISK_RULE_IDS,
  type RiskAlert,
  type RiskAlertStatus,
  type RiskRuleId,
  routes,
} from '@openseal/contract';
import type { ButtonProps } from 'antd';
import { App, Button, DatePicker, Grid, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { pickedInstant } from '../account/school-picker.ts';
import { useSchoolTime, useSchoolTimeZone } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSubmit } from '../api/use-submit.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { LoadFailed } from '../pages/load-failed.tsx';
import { AlertCards } from './alert-cards.tsx';
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

const STATUSES: readonly RiskAlertStatus[] = ['open', 'acknowledged', 'resolved'];

interface Filter {
  status?: RiskAlertStatus;
  rule?: RiskRuleId;
  from?: string;
  to?: string;
}

const STEP_ROUTE = { acknowledge: routes.acknowledgeRiskAlert, resolve: routes.resolveRiskAlert } as const;

/** 预警: the alerts the rules raised, newest first; the security admin acknowledges and resolves them with a note. */
export function AlertsTab() {
  const api = useApi();
  const locale = useLocale();
  const zone = useSchoolTimeZone();
  const when = useSchoolTime();
  const { t } = locale;
  const { message } = App.useApp();
  // On a phone the alerts are cards: a table there hides everything but its first column.
  const narrow = !Grid.useBreakpoint().md;
  const [filter, setFilter] = useState<Filter>({ status: 'open' });
  const { load, reload } = useApiGet(routes.listRiskAlerts, { query: { limit: 500, ...filter } });
  const { unitName } = useOrgTree();
  const [acting, setActing] = useState<{ alert: RiskAlert; step: AlertStep } | null>(null);
  const [note, setNote] = useState('');
  const { submit, submitting, error } = useSubmit(
    async (a: { alert: RiskAlert; step: AlertStep; note: string }) => {
      await api.call(STEP_ROUTE[a.step], { params: { id: a.alert.id }, body: { note: a.note } });
      void message.success(t(a.step === 'acknowledge' ? 'risk.acknowledged' : 'risk.resolved'));
      setActing(null);
      setNote('');
      reload();
    },
  );

  const alerts = load.status === 'ready' ? load.data : [];
  const onStep = (alert: RiskAlert, step: AlertStep) => setActing({ alert, step });

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<RiskAlertStatus>
          data-testid="alerts-filter-status"
          allowClear
          style={{ width: 140 }}
          placeholder={t('risk.status')}
          value={filter.status}
          options={STATUSES.map((s) => ({ value: s, label: t(`risk.status.${s}`) }))}
          onChange={(status) => setFilter((f) => ({ ...f, status }))}
        />
        <Select<RiskRuleId>
          data-testid="alerts-filter-rule"
          allowClear
          style={{ width: 200 }}
          placeholder={t('risk.rule')}
          value={filter.rule}
          options={RISK_RULE_IDS.map((r) => ({ value: r, label: t(`risk.rule.${r}`) }))}
          onChange={(rule) => setFilter((f) => ({ ...f, rule }))}
        />
        <DatePicker.RangePicker
          onChange={(range) =>
            setFilter((f) => ({
              ...f,
              from: range?.[0] ? pickedInstant(range[0].startOf('day'), zone) : undefined,
              to: range?.[1] ? pickedInstant(range[1].add(1, 'day').startOf('day'), zone) : undefined,
            }))
          }
        />
        <Button data-testid="alerts-reload" onClick={reload}>
          {t('risk.reload')}
        </Button>
      </Space>
      {load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : narrow ? (
        <AlertCards alerts={alerts} loading={load.status === 'loading'} onStep={onStep} />
      ) : (
        <Table<RiskAlert>
          data-testid="alerts-table"
          rowKey="id"
          size="small"
          loading={load.status === 'loading'}
          dataSource={alerts}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          scroll={{ x: 960 }}
          onRow={(a) =>
            ({
              'data-testid': 'alert-row',
              'data-rule': a.rule,
              'data-status': a.status,
            }) as React.HTMLAttributes<HTMLElement>
          }
          expandable={{
            rowExpandable: (a) => a.notes.length > 0,
            expandedRowRender: (a) => <AlertNotes alert={a} />,
          }}
          columns={[
            {
              key: 'time',
              dataIndex: 'createdAt',
              title: t('risk.time'),
              // The zone's name may wrap under the date: the actions stay in view at 1366 px.
              onCell: () => ({ style: { minWidth: 140 } }),
              render: (v: string) => when(v),
            },
            {
              key: 'rule',
              onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              dataIndex: 'rule',
              title: t('risk.rule'),
              render: (r: RiskRuleId) => t(`risk.rule.${r}`),
            },
            {
              key: 'severity',
              dataIndex: 'severity',
              title: t('risk.severity'),
              render: (s: RiskAlert['severity']) => (
                <Tag color={SEVERITY_COLOR[s]}>{t(`risk.severity.${s}`)}</Tag>
              ),
            },
            {
              key: 'seal',
              title: t('risk.seal'),
              // A seal's name is long (示范大学教务处成绩专用章): never squeezed to a letter a line.
              onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              onCell: () => ({ style: { minWidth: 120 } }),
              render: (_: unknown, a) => <AlertSeal alert={a} />,
            },
            {
              key: 'user',
              onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              title: t('risk.user'),
              render: (_: unknown, a) => <AlertUser alert={a} />,
            },
            {
              key: 'request',
              title: t('risk.request'),
              onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              render: (_: unknown, a) => <AlertRequest alert={a} />,
            },
            {
              key: 'details',
              title: t('risk.details'),
              onCell: () => ({ style: { minWidth: 180 } }),
              render: (_: unknown, a) => (
                <span data-testid="alert-details">{alertDetailsText(a, t, unitName)}</span>
              ),
            },
            {
              key: 'status',
              dataIndex: 'status',
              title: t('risk.status'),
              render: (s: RiskAlertStatus) => <AlertStatusTag status={s} />,
            },
            {
              key: 'actions',
              title: t('risk.actions'),
              onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              render: (_: unknown, a) => <AlertActions alert={a} onStep={onStep} />,
            },
          ]}
        />
      )}
      <Modal
        open={acting !== null}
        title={acting ? t(acting.step === 'acknowledge' ? 'risk.acknowledge' : 'risk.resolve') : ''}
        okText={t('risk.submitNote')}
        okButtonProps={
          {
            disabled: note.trim() === '',
            loading: submitting,
            'data-testid': 'alert-note-submit',
          } as ButtonProps
        }
        onOk={() => acting && submit({ ...acting, note: note.trim() })}
        onCancel={() => {
          setActing(null);
          setNote('');
        }}
        destroyOnHidden
      >
        {acting && (
          <Typography.Paragraph type="secondary">
            {t(`risk.rule.${acting.alert.rule}`)}: {alertDetailsText(acting.alert, t, unitName)}
          </Typography.Paragraph>
        )}
        <Input.TextArea
          data-testid="alert-note"
          rows={3}
          maxLength={2000}
          placeholder={t('risk.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {error ? (
          <Typography.Text type="danger" data-testid="alert-note-error">
            {errorText(error, locale)}
          </Typography.Text>
        ) : null}
      </Modal>
    </>
  );
}

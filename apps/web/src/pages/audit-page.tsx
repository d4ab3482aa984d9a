import { type AuditEntry, ROLES, type Role } from '@openseal/contract';
import { Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { pickedInstant } from '../account/school-picker.ts';
import { useSchoolTime, useSchoolTimeZone } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import type { Load } from '../api/use-api-get.ts';
import { type AuditFilter, auditActions, filterAudit } from '../audit/audit-filter.ts';
import { AuditChainCheck } from '../audit/chain-check.tsx';
import { loadAuditLog } from '../audit/load-audit-log.ts';
import { RoleConflictsAlert } from '../audit/role-conflicts-alert.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { LoadFailed } from './load-failed.tsx';

const isRole = (value: string | null): value is Role => (ROLES as readonly (string | null)[]).includes(value);

const OUTCOME_COLOR = { success: 'green', failure: 'orange', denied: 'red' } as const;

/** 审计日志 for the security auditor: the whole readable log, filtered here, newest first. */
export function AuditPage() {
  const api = useApi();
  const { t } = useLocale();
  const zone = useSchoolTimeZone();
  const when = useSchoolTime();
  const [load, setLoad] = useState<Load<AuditEntry[]>>({ status: 'loading' });
  const [filter, setFilter] = useState<AuditFilter>({});

  useEffect(() => {
    let live = true;
    loadAuditLog(api).then(
      (data) => live && setLoad({ status: 'ready', data }),
      (error: unknown) => live && setLoad({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const entries = load.status === 'ready' ? load.data : [];
  const shown = useMemo(() => filterAudit(entries, filter).reverse(), [entries, filter]);

  return (
    <Card title={<Typography.Text strong>{t('nav.audit')}</Typography.Text>}>
      <RoleConflictsAlert />
      <AuditChainCheck />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          data-testid="audit-filter-action"
          allowClear
          showSearch
          style={{ minWidth: 200 }}
          placeholder={t('audit.filterAction')}
          options={auditActions(entries).map((a) => ({ value: a, label: a }))}
          onChange={(action: string | undefined) => setFilter((f) => ({ ...f, action }))}
        />
        <Input
          data-testid="audit-filter-actor"
          allowClear
          style={{ width: 200 }}
          placeholder={t('audit.filterActor')}
          onChange={(e) => setFilter((f) => ({ ...f, actor: e.target.value }))}
        />
        <DatePicker.RangePicker
          onChange={(range) =>
            setFilter((f) => ({
              ...f,
              from: range?.[0] ? pickedInstant(range[0].startOf('day'), zone) : undefined,
              to: range?.[1] ? pickedInstant(range[1].endOf('day'), zone) : undefined,
            }))
          }
        />
        <Typography.Text type="secondary" data-testid="audit-count">
          {t('audit.count', { shown: shown.length, total: entries.length })}
        </Typography.Text>
      </Space>
      {load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : (
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="seq"
          size="small"
          loading={load.status === 'loading'}
          dataSource={shown}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          columns={[
            { key: 'seq', dataIndex: 'seq', title: t('audit.seq'), width: 80 },
            {
              key: 'time',
              dataIndex: 'time',
              title: t('audit.time'),
              render: (time: string) => when(time),
            },
            { key: 'actor', dataIndex: 'actor', title: t('audit.actor') },
            {
              key: 'role',
              dataIndex: 'role',
              title: t('audit.role'),
              onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
              render: (role: string | null) => (isRole(role) ? t(`role.${role}`) : (role ?? '')),
            },
            { key: 'action', dataIndex: 'action', title: t('audit.action') },
            { key: 'object', dataIndex: 'object', title: t('audit.object') },
            {
              key: 'outcome',
              dataIndex: 'outcome',
              title: t('audit.outcome'),
              render: (o: AuditEntry['outcome']) => (
                <Tag color={OUTCOME_COLOR[o]}>{t(`audit.outcome.${o}`)}</Tag>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

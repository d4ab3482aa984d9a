import { DownloadOutlined } from '@ant-design/icons';
import { type Me, type ReportGranularity, ROLE_PERMISSIONS, routes } from '@openseal/contract';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Radio,
  Row,
  Space,
  Statistic,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSchoolTimeZone } from '../account/school-time-context.tsx';
import { useApi } from '../api/api-context.tsx';
import { errorText } from '../api/error-text.ts';
import { useApiGet } from '../api/use-api-get.ts';
import { useSession } from '../auth/session-context.tsx';
import { saveBytes } from '../credentials-portal/save-bytes.ts';
import { useLocale } from '../i18n/locale-context.tsx';
import { useOrgTree } from '../org/use-org-tree.ts';
import { LoadFailed } from '../pages/load-failed.tsx';
import { Chart } from './chart.tsx';
import { reportCharts } from './report-charts.ts';

/** The unit the dashboard opens on: the first grant carrying reports.read. */
function homeUnit(user: Me | null): string | undefined {
  const grants = user?.grants ?? [];
  return (grants.find((g) => ROLE_PERMISSIONS[g.role].includes('reports.read')) ?? grants[0])?.orgUnitId;
}

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
/** Today on the school's calendar, the one the server reads `from`/`to` in (en-CA formats YYYY-MM-DD). */
const schoolToday = (timeZone: string): Dayjs =>
  dayjs(new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date()));
const hours = (h: number | null) => (h === null ? '—' : h.toFixed(1));

/** 智能数据报表: what a unit and everything below it sealed, owns, approved and raised, over a date range. */
export function DashboardView() {
  const api = useApi();
  const locale = useLocale();
  const { t } = locale;
  const { message } = App.useApp();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user : null;
  const { tree } = useOrgTree();
  const timeZone = useSchoolTimeZone();
  const [unitId, setUnitId] = useState<string | undefined>(() => homeUnit(me));
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    const today = schoolToday(timeZone);
    return [today.subtract(29, 'day'), today];
  });
  const [granularity, setGranularity] = useState<ReportGranularity>('day');
  const [exporting, setExporting] = useState(false);

  const query = unitId ? { unitId, from: fmt(range[0]), to: fmt(range[1]) } : null;
  const { load } = useApiGet(routes.reportSummary, query ? { query: { ...query, granularity } } : null);
  const summary = load.status === 'ready' ? load.data : null;
  const charts = useMemo(() => (summary ? reportCharts(summary, locale) : null), [summary, locale]);

  async function exportCsv() {
    if (!query) return;
    setExporting(true);
    try {
      const { bytes } = await api.call(routes.sealedCsv, { query });
      saveBytes(bytes, `sealed-${fmt(range[0])}-${fmt(range[1])}.csv`, 'text/csv');
    } catch (e) {
      void message.error(errorText(e, locale));
    } finally {
      setExporting(false);
    }
  }

  const card = (title: string, testId: string, body: React.ReactNode) => (
    <Col xs={24} xl={12}>
      <Card size="small" title={title} data-testid={`${testId}-card`}>
        {body}
      </Card>
    </Col>
  );

  return (
    <Card title={<Typography.Text strong>{t('dashboard.title')}</Typography.Text>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <TreeSelect
          data-testid="dashboard-unit"
          style={{ minWidth: 240 }}
          treeData={tree}
          treeDefaultExpandAll
          value={unitId}
          onChange={(v: string) => setUnitId(v)}
          placeholder={t('dashboard.unit')}
        />
        <DatePicker.RangePicker
          data-testid="dashboard-range"
          allowClear={false}
          value={range}
          onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])}
        />
        <Radio.Group
          data-testid="dashboard-granularity"
          optionType="button"
          value={granularity}
          onChange={(e) => setGranularity(e.target.value as ReportGranularity)}
          options={[
            { value: 'day', label: t('dashboard.byDay') },
            { value: 'week', label: t('dashboard.byWeek') },
          ]}
        />
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          disabled={!query}
          onClick={exportCsv}
          data-testid="dashboard-export"
        >
          {t('dashboard.exportCsv')}
        </Button>
      </Space>
      {load.status === 'failed' ? (
        <LoadFailed error={load.error} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} lg={6}>
              <Card size="small" loading={!summary}>
                <Statistic
                  title={t('dashboard.sealedTotal')}
                  value={summary?.sealed.total ?? 0}
                  valueRender={() => (
                    <span data-testid="stat-sealed-total">{summary?.sealed.total ?? ''}</span>
                  )}
                />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card size="small" loading={!summary}>
                <Statistic
                  title={t('dashboard.requests')}
                  value={summary?.approvals.count ?? 0}
                  valueRender={() => (
                    <span data-testid="stat-requests">{summary?.approvals.count ?? ''}</span>
                  )}
                />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card size="small" loading={!summary}>
                <Statistic
                  title={t('dashboard.leadTime')}
                  value={
                    summary
                      ? `${hours(summary.approvals.leadTimeHours.p50)} / ${hours(summary.approvals.leadTimeHours.p90)}`
                      : ''
                  }
                  suffix={t('dashboard.hours')}
                />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card size="small" loading={!summary}>
                <Statistic
                  title={t('dashboard.alerts')}
                  value={summary ? summary.alerts.byRule.reduce((a, r) => a + r.count, 0) : 0}
                />
              </Card>
            </Col>
          </Row>
          {charts && (
            <Row gutter={[16, 16]}>
              {card(
                t('dashboard.chart.byPeriod'),
                'chart-by-period',
                <Chart testId="chart-by-period" data={charts.byPeriod} />,
              )}
              {card(
                t('dashboard.chart.bySeal'),
                'chart-by-seal',
                <Chart testId="chart-by-seal" data={charts.bySeal} />,
              )}
              {card(
                t('dashboard.chart.byUnit'),
                'chart-by-unit',
                <Chart testId="chart-by-unit" data={charts.byUnit} />,
              )}
              {card(
                t('dashboard.chart.byDocumentType'),
                'chart-by-document-type',
                <Chart testId="chart-by-document-type" data={charts.byDocumentType} />,
              )}
              {card(
                t('dashboard.chart.sealsByType'),
                'chart-seals-by-type',
                <Chart testId="chart-seals-by-type" data={charts.sealsByType} />,
              )}
              {card(
                t('dashboard.chart.sealsByStatus'),
                'chart-seals-by-status',
                <Chart testId="chart-seals-by-status" data={charts.sealsByStatus} />,
              )}
              {card(
                t('dashboard.chart.leadTimes'),
                'chart-lead-times',
                <Chart testId="chart-lead-times" data={charts.leadTimes} />,
              )}
              {card(
                t('dashboard.chart.alertsByRule'),
                'chart-alerts-by-rule',
                <Chart testId="chart-alerts-by-rule" data={charts.alertsByRule} />,
              )}
            </Row>
          )}
        </>
      )}
    </Card>
  );
}

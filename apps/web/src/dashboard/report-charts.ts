import { DOCUMENT_TYPES, REQUEST_TYPES, type ReportSummary, RISK_RULE_IDS } from '@openseal/contract';
import type { LocaleValue } from '../i18n/locale-context.tsx';
import type { ChartData } from './chart-options.ts';

type Locale = Pick<LocaleValue, 'locale' | 't'>;

const SEAL_TYPES = ['official', 'contract', 'finance', 'business', 'personal'] as const;
const SEAL_STATUSES = ['active', 'suspended', 'revoked', 'destroyed'] as const;

function oneOf<T extends string>(list: readonly T[], v: string | null): v is T {
  return v !== null && (list as readonly string[]).includes(v);
}

/** Every chart of the dashboard, as data (labels translated), from one summary. */
export function reportCharts(s: ReportSummary, { locale, t }: Locale) {
  const docType = (v: string | null) =>
    oneOf(DOCUMENT_TYPES, v) ? t(`docType.${v}`) : v === null ? t('dashboard.unknownType') : v;
  const sealType = (v: string) => (oneOf(SEAL_TYPES, v) ? t(`sealType.${v}`) : v);
  const sealStatus = (v: string) => (oneOf(SEAL_STATUSES, v) ? t(`sealStatus.${v}`) : v);
  const requestType = (v: string) => (oneOf(REQUEST_TYPES, v) ? t(`requestType.${v}`) : v);
  const rule = (v: string) => (oneOf(RISK_RULE_IDS, v) ? t(`risk.rule.${v}`) : v);
  const counts = t('dashboard.count');
  return {
    byPeriod: {
      kind: 'bar',
      labels: s.sealed.byPeriod.map((p) => p.period),
      series: [{ name: t('dashboard.sealed'), values: s.sealed.byPeriod.map((p) => p.count) }],
    },
    bySeal: {
      kind: 'bar',
      labels: s.sealed.bySeal.map((x) => x.name),
      series: [{ name: counts, values: s.sealed.bySeal.map((x) => x.count) }],
    },
    byUnit: {
      kind: 'bar',
      labels: s.sealed.byUnit.map((u) => (locale === 'zh-CN' ? u.nameZh : u.nameEn)),
      series: [{ name: counts, values: s.sealed.byUnit.map((u) => u.count) }],
    },
    byDocumentType: {
      kind: 'pie',
      labels: s.sealed.byDocumentType.map((x) => docType(x.documentType)),
      series: [{ name: counts, values: s.sealed.byDocumentType.map((x) => x.count) }],
    },
    sealsByType: {
      kind: 'pie',
      labels: s.seals.byType.map((x) => sealType(x.type)),
      series: [{ name: counts, values: s.seals.byType.map((x) => x.count) }],
    },
    sealsByStatus: {
      kind: 'pie',
      labels: s.seals.byStatus.map((x) => sealStatus(x.status)),
      series: [{ name: counts, values: s.seals.byStatus.map((x) => x.count) }],
    },
    leadTimes: {
      kind: 'bar',
      labels: s.approvals.byType.map((x) => requestType(x.type)),
      series: [
        { name: t('dashboard.requests'), values: s.approvals.byType.map((x) => x.count) },
        { name: t('dashboard.avgHours'), values: s.approvals.byType.map((x) => x.avgHours) },
      ],
    },
    alertsByRule: {
      kind: 'bar',
      labels: s.alerts.byRule.map((x) => rule(x.rule)),
      series: [{ name: counts, values: s.alerts.byRule.map((x) => x.count) }],
    },
  } satisfies Record<string, ChartData>;
}

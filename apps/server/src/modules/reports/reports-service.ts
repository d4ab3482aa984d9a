import type {
  ReportGranularity,
  ReportRangeQuery,
  ReportSummary,
  ReportSummaryQuery,
} from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { requestsSubmitted } from '../approvals/request-reads.ts';
import { displayNames } from '../auth/accounts.ts';
import { subtreePaths, unitNames } from '../org/org-service.ts';
import { alertCountsByRule } from '../risk/risk-alerts.ts';
import { ledgerCounts, ledgerRows, ledgerTimes } from '../sealing/ledger-reads.ts';
import { sealsOwnedBy } from '../seals/seal-reads.ts';
import { csvDocument } from './csv.ts';
import {
  daysInRange,
  localDateTime,
  localDay,
  periodOf,
  periodsBetween,
  utcRange,
} from './report-calendar.ts';

/** Two years of days: a bound on the rows a report reads and the periods it draws. */
export const MAX_REPORT_DAYS = 731;
/** The CSV export's row limit; a longer range is refused rather than cut short silently. */
export const MAX_CSV_ROWS = 100_000;

const DECIDED = ['approved', 'completed', 'rejected'] as const;

interface Scope {
  unitId: string;
  /** The unit's org path ("/root/…/unit/"): everything below it starts with it. */
  path: string;
  /** The unit and every unit below it, with their org paths. */
  units: Map<string, string>;
  /** The seals those units own. */
  seals: Map<string, { name: string; ownerUnitId: string; type: string; status: string }>;
  /** The school's time zone: days begin at its midnight. */
  timeZone: string;
  start: string;
  end: string;
}

/**
 * The unit's subtree (org) and its seals (seals), each asked of its owner once; every figure is then
 * read from its own domain, filtered by these ids in that domain's indexed query.
 */
async function resolveScope(db: Kysely<Database>, q: ReportRangeQuery, timeZone: string): Promise<Scope> {
  if (q.from > q.to) throw new AppError('ERR_VALIDATION', 'from is after to', ['from']);
  if (daysInRange(q.from, q.to) > MAX_REPORT_DAYS) {
    throw new AppError('ERR_VALIDATION', `a report covers at most ${MAX_REPORT_DAYS} days`, ['to']);
  }
  const units = await subtreePaths(db, q.unitId);
  const seals = new Map((await sealsOwnedBy(db, [...units.keys()])).map(({ id, ...seal }) => [id, seal]));
  return {
    unitId: q.unitId,
    path: units.get(q.unitId) as string,
    units,
    seals,
    timeZone,
    ...utcRange(q.from, q.to, timeZone),
  };
}

/** The ledger window of the scope: documents its seals sealed in the range. */
const ledgerRange = (s: Scope) => ({ sealIds: [...s.seals.keys()], start: s.start, end: s.end });

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

const byCountDesc = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

/** The child of `top` on the way down to `path`, or `top` itself for its own rows. */
function childUnder(topPath: string, topId: string, path: string): string {
  const below = path
    .slice(topPath.length)
    .split('/')
    .filter((x) => x !== '');
  return below[0] ?? topId;
}

async function sealedSummary(
  db: Kysely<Database>,
  s: Scope,
  from: string,
  to: string,
  granularity: ReportGranularity,
): Promise<ReportSummary['sealed']> {
  const groups = await ledgerCounts(db, ledgerRange(s));

  let total = 0;
  const seals = new Map<string, { sealId: string; name: string; count: number }>();
  const units = new Map<string, number>();
  const types = new Map<string | null, number>();
  for (const g of groups) {
    const n = g.count;
    const owned = s.seals.get(g.sealId) as { name: string; ownerUnitId: string };
    total += n;
    const seal = seals.get(g.sealId) ?? { sealId: g.sealId, name: owned.name, count: 0 };
    seal.count += n;
    seals.set(g.sealId, seal);
    const unit = childUnder(s.path, s.unitId, s.units.get(owned.ownerUnitId) as string);
    units.set(unit, (units.get(unit) ?? 0) + n);
    types.set(g.documentType, (types.get(g.documentType) ?? 0) + n);
  }
  const names = await unitNames(db, [...units.keys()]);

  // Periods are bucketed here rather than in SQL: local-day arithmetic differs between SQLite and
  // PostgreSQL, and one created_at column read over the indexed range is cheap.
  const byPeriod = new Map(periodsBetween(from, to, granularity).map((p) => [p, 0]));
  for (const createdAt of await ledgerTimes(db, ledgerRange(s))) {
    const p = periodOf(localDay(createdAt, s.timeZone), granularity);
    byPeriod.set(p, (byPeriod.get(p) ?? 0) + 1);
  }

  return {
    total,
    byPeriod: [...byPeriod].map(([period, count]) => ({ period, count })),
    bySeal: [...seals.values()].sort(byCountDesc),
    byUnit: [...names]
      .map(([unitId, u]) => ({ unitId, nameZh: u.nameZh, nameEn: u.nameEn, count: units.get(unitId) ?? 0 }))
      .sort(byCountDesc),
    byDocumentType: [...types].map(([documentType, count]) => ({ documentType, count })).sort(byCountDesc),
  };
}

function sealCounts(s: Scope): ReportSummary['seals'] {
  const byType = new Map<string, number>();
  const byStatus = new Map<string, number>();
  for (const seal of s.seals.values()) {
    byType.set(seal.type, (byType.get(seal.type) ?? 0) + 1);
    byStatus.set(seal.status, (byStatus.get(seal.status) ?? 0) + 1);
  }
  return {
    byType: [...byType].map(([type, count]) => ({ type, count })).sort(byCountDesc),
    byStatus: [...byStatus].map(([status, count]) => ({ status, count })).sort(byCountDesc),
  };
}

/** Hours from submission to decision; a decided request without completed_at was decided at its last update. */
export function leadTimeHours(r: {
  createdAt: string;
  completedAt: string | null;
  updatedAt: string;
}): number {
  return (Date.parse(r.completedAt ?? r.updatedAt) - Date.parse(r.createdAt)) / 3_600_000;
}

async function approvalSummary(db: Kysely<Database>, s: Scope): Promise<ReportSummary['approvals']> {
  const rows = await requestsSubmitted(db, { unitIds: [...s.units.keys()], start: s.start, end: s.end });
  const all: number[] = [];
  const types = new Map<string, { count: number; hours: number[] }>();
  for (const r of rows) {
    const t = types.get(r.type) ?? { count: 0, hours: [] };
    t.count += 1;
    if ((DECIDED as readonly string[]).includes(r.status)) {
      const h = leadTimeHours(r);
      t.hours.push(h);
      all.push(h);
    }
    types.set(r.type, t);
  }
  all.sort((a, b) => a - b);
  const maybe = (n: number | null) => (n === null ? null : round2(n));
  return {
    count: rows.length,
    decided: all.length,
    leadTimeHours: {
      p50: maybe(percentile(all, 0.5)),
      p90: maybe(percentile(all, 0.9)),
      avg: maybe(average(all)),
    },
    byType: [...types]
      .map(([type, t]) => ({
        type,
        count: t.count,
        decided: t.hours.length,
        avgHours: maybe(average(t.hours)),
      }))
      .sort(byCountDesc),
  };
}

async function alertSummary(db: Kysely<Database>, s: Scope): Promise<ReportSummary['alerts']> {
  const rows = await alertCountsByRule(db, ledgerRange(s));
  return { byRule: rows.sort(byCountDesc) };
}

/** 智能数据报表: what the unit and everything below it sealed, owns, approved and raised in the range. */
export async function reportSummary(
  db: Kysely<Database>,
  q: ReportSummaryQuery,
  timeZone: string,
): Promise<ReportSummary> {
  const s = await resolveScope(db, q, timeZone);
  const granularity = q.granularity ?? 'day';
  return {
    unitId: q.unitId,
    from: q.from,
    to: q.to,
    granularity,
    sealed: await sealedSummary(db, s, q.from, q.to, granularity),
    seals: sealCounts(s),
    approvals: await approvalSummary(db, s),
    alerts: await alertSummary(db, s),
  };
}

const CSV_HEADER = [
  '时间 Time',
  '印章 Seal',
  '单位 Unit',
  '文件类型 Document type',
  '用印人 User',
  '用途 Purpose',
  'SHA-256',
  '申请编号 Request ID',
] as const;

/** The range's sealed documents as CSV, oldest first; times in the school's time zone. */
export async function sealedDocumentsCsv(
  db: Kysely<Database>,
  q: ReportRangeQuery,
  timeZone: string,
): Promise<string> {
  const s = await resolveScope(db, q, timeZone);
  const rows = await ledgerRows(db, ledgerRange(s), MAX_CSV_ROWS + 1);
  if (rows.length > MAX_CSV_ROWS) {
    throw new AppError('ERR_VALIDATION', `more than ${MAX_CSV_ROWS} documents; export a shorter range`, [
      'to',
    ]);
  }
  // Names of the rows' units and people, each asked once for the whole export.
  const units = await unitNames(db, [...new Set([...s.seals.values()].map((seal) => seal.ownerUnitId))]);
  const people = await displayNames(db, [...new Set(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])))]);
  return csvDocument([
    CSV_HEADER,
    ...rows.map((r) => {
      const seal = s.seals.get(r.seal_id) as { name: string; ownerUnitId: string };
      const displayName = r.user_id ? people.get(r.user_id) : undefined;
      return [
        localDateTime(r.created_at, timeZone),
        seal.name,
        units.get(seal.ownerUnitId)?.nameZh,
        r.document_type,
        displayName ? `${displayName} (${r.actor})` : r.actor,
        r.purpose,
        r.sha256,
        r.request_id,
      ];
    }),
  ]);
}

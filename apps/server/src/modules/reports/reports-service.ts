import type {
  ReportGranularity,
  ReportRangeQuery,
  ReportSummary,
  ReportSummaryQuery,
} from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
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
  /** The school's time zone: days begin at its midnight. */
  timeZone: string;
  start: string;
  end: string;
}

async function resolveScope(db: Kysely<Database>, q: ReportRangeQuery, timeZone: string): Promise<Scope> {
  if (q.from > q.to) throw new AppError('ERR_VALIDATION', 'from is after to', ['from']);
  if (daysInRange(q.from, q.to) > MAX_REPORT_DAYS) {
    throw new AppError('ERR_VALIDATION', `a report covers at most ${MAX_REPORT_DAYS} days`, ['to']);
  }
  const unit = await db.selectFrom('org_units').select('path').where('id', '=', q.unitId).executeTakeFirst();
  if (!unit) throw new AppError('ERR_NOT_FOUND', `org unit ${q.unitId} not found`);
  return { unitId: q.unitId, path: unit.path, timeZone, ...utcRange(q.from, q.to, timeZone) };
}

/** Sealed documents of the range whose seal is owned in the subtree (the created_at index bounds the scan). */
function sealedInScope(db: Kysely<Database>, s: Scope) {
  return db
    .selectFrom('sealed_documents as d')
    .innerJoin('seals as s', 's.id', 'd.seal_id')
    .innerJoin('org_units as u', 'u.id', 's.owner_unit_id')
    .where('d.created_at', '>=', s.start)
    .where('d.created_at', '<', s.end)
    .where('u.path', 'like', `${s.path}%`);
}

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
  const groups = await sealedInScope(db, s)
    .select((eb) => [
      's.id as sealId',
      's.name as sealName',
      'u.path as unitPath',
      'd.document_type as documentType',
      eb.fn.countAll<number | string>().as('n'),
    ])
    .groupBy(['s.id', 's.name', 'u.path', 'd.document_type'])
    .execute();

  let total = 0;
  const seals = new Map<string, { sealId: string; name: string; count: number }>();
  const units = new Map<string, number>();
  const types = new Map<string | null, number>();
  for (const g of groups) {
    const n = Number(g.n);
    total += n;
    const seal = seals.get(g.sealId) ?? { sealId: g.sealId, name: g.sealName, count: 0 };
    seal.count += n;
    seals.set(g.sealId, seal);
    const unit = childUnder(s.path, s.unitId, g.unitPath);
    units.set(unit, (units.get(unit) ?? 0) + n);
    types.set(g.documentType, (types.get(g.documentType) ?? 0) + n);
  }
  const names = units.size
    ? await db
        .selectFrom('org_units')
        .select(['id', 'name_zh', 'name_en'])
        .where('id', 'in', [...units.keys()])
        .execute()
    : [];

  // Periods are bucketed here rather than in SQL: local-day arithmetic differs between SQLite and
  // PostgreSQL, and one created_at column read over the indexed range is cheap.
  const byPeriod = new Map(periodsBetween(from, to, granularity).map((p) => [p, 0]));
  const times = await sealedInScope(db, s).select('d.created_at as createdAt').execute();
  for (const { createdAt } of times) {
    const p = periodOf(localDay(createdAt, s.timeZone), granularity);
    byPeriod.set(p, (byPeriod.get(p) ?? 0) + 1);
  }

  return {
    total,
    byPeriod: [...byPeriod].map(([period, count]) => ({ period, count })),
    bySeal: [...seals.values()].sort(byCountDesc),
    byUnit: names
      .map((u) => ({ unitId: u.id, nameZh: u.name_zh, nameEn: u.name_en, count: units.get(u.id) ?? 0 }))
      .sort(byCountDesc),
    byDocumentType: [...types].map(([documentType, count]) => ({ documentType, count })).sort(byCountDesc),
  };
}

async function sealCounts(db: Kysely<Database>, s: Scope): Promise<ReportSummary['seals']> {
  const rows = await db
    .selectFrom('seals as s')
    .innerJoin('org_units as u', 'u.id', 's.owner_unit_id')
    .where('u.path', 'like', `${s.path}%`)
    .select((eb) => ['s.type', 's.status', eb.fn.countAll<number | string>().as('n')])
    .groupBy(['s.type', 's.status'])
    .execute();
  const byType = new Map<string, number>();
  const byStatus = new Map<string, number>();
  for (const r of rows) {
    byType.set(r.type, (byType.get(r.type) ?? 0) + Number(r.n));
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + Number(r.n));
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
  const rows = await db
    .selectFrom('approval_requests as r')
    .innerJoin('org_units as u', 'u.id', 'r.unit_id')
    .where('r.created_at', '>=', s.start)
    .where('r.created_at', '<', s.end)
    .where('u.path', 'like', `${s.path}%`)
    .select([
      'r.type',
      'r.status',
      'r.created_at as createdAt',
      'r.completed_at as completedAt',
      'r.updated_at as updatedAt',
    ])
    .execute();
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
  const rows = await db
    .selectFrom('risk_alerts as a')
    .innerJoin('seals as s', 's.id', 'a.seal_id')
    .innerJoin('org_units as u', 'u.id', 's.owner_unit_id')
    .where('a.created_at', '>=', s.start)
    .where('a.created_at', '<', s.end)
    .where('u.path', 'like', `${s.path}%`)
    .select((eb) => ['a.rule', eb.fn.countAll<number | string>().as('n')])
    .groupBy('a.rule')
    .execute();
  return { byRule: rows.map((r) => ({ rule: r.rule, count: Number(r.n) })).sort(byCountDesc) };
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
    seals: await sealCounts(db, s),
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
  const rows = await sealedInScope(db, s)
    .leftJoin('users as p', 'p.id', 'd.user_id')
    .select([
      'd.created_at as createdAt',
      's.name as sealName',
      'u.name_zh as unitName',
      'd.document_type as documentType',
      'd.actor',
      'p.display_name as displayName',
      'd.purpose',
      'd.sha256',
      'd.request_id as requestId',
    ])
    .orderBy('d.created_at')
    .orderBy('d.id')
    .limit(MAX_CSV_ROWS + 1)
    .execute();
  if (rows.length > MAX_CSV_ROWS) {
    throw new AppError('ERR_VALIDATION', `more than ${MAX_CSV_ROWS} documents; export a shorter range`, [
      'to',
    ]);
  }
  return csvDocument([
    CSV_HEADER,
    ...rows.map((r) => [
      localDateTime(r.createdAt, timeZone),
      r.sealName,
      r.unitName,
      r.documentType,
      r.displayName ? `${r.displayName} (${r.actor})` : r.actor,
      r.purpose,
      r.sha256,
      r.requestId,
    ]),
  ]);
}

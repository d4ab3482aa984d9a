import { type Static, Type } from '@sinclair/typebox';
import { denied, ErrorBody } from './error-body.ts';

/** The school's time zone: report dates and periods are its calendar days. */
export const REPORT_TIME_ZONE = 'Asia/Shanghai';

const Day = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });

export const ReportGranularity = Type.Union([Type.Literal('day'), Type.Literal('week')]);
export type ReportGranularity = Static<typeof ReportGranularity>;

export const ReportRangeQuery = Type.Object(
  {
    /** The org unit reported on, with everything below it. */
    unitId: Type.String({ minLength: 1 }),
    /** First day, YYYY-MM-DD in the school's time zone, inclusive. */
    from: Day,
    /** Last day, YYYY-MM-DD in the school's time zone, inclusive. */
    to: Day,
  },
  { additionalProperties: false },
);
export type ReportRangeQuery = Static<typeof ReportRangeQuery>;

export const ReportSummaryQuery = Type.Object(
  {
    ...ReportRangeQuery.properties,
    /** Default day. Weeks start on Monday; a week's period is its Monday. */
    granularity: Type.Optional(ReportGranularity),
  },
  { additionalProperties: false },
);
export type ReportSummaryQuery = Static<typeof ReportSummaryQuery>;

const Count = Type.Integer({ minimum: 0 });
const Hours = Type.Union([Type.Number(), Type.Null()]);

export const ReportSummary = Type.Object(
  {
    unitId: Type.String(),
    from: Type.String(),
    to: Type.String(),
    granularity: ReportGranularity,
    sealed: Type.Object(
      {
        total: Count,
        /** Every period of the range, empty ones with 0. */
        byPeriod: Type.Array(Type.Object({ period: Type.String(), count: Count })),
        bySeal: Type.Array(Type.Object({ sealId: Type.String(), name: Type.String(), count: Count })),
        /** By the seal's owner unit, rolled up to the direct children of the unit (or the unit itself). */
        byUnit: Type.Array(
          Type.Object({ unitId: Type.String(), nameZh: Type.String(), nameEn: Type.String(), count: Count }),
        ),
        /** Null: recorded before document types existed. */
        byDocumentType: Type.Array(
          Type.Object({ documentType: Type.Union([Type.String(), Type.Null()]), count: Count }),
        ),
      },
      { additionalProperties: false },
    ),
    /** Seals owned in the subtree now (not limited to the range). */
    seals: Type.Object(
      {
        byType: Type.Array(Type.Object({ type: Type.String(), count: Count })),
        byStatus: Type.Array(Type.Object({ status: Type.String(), count: Count })),
      },
      { additionalProperties: false },
    ),
    /** Requests of the subtree's units submitted in the range. */
    approvals: Type.Object(
      {
        count: Count,
        /** Approved, completed or rejected. */
        decided: Count,
        /** Submission to decision of the decided ones; null without any. */
        leadTimeHours: Type.Object({ p50: Hours, p90: Hours, avg: Hours }),
        byType: Type.Array(
          Type.Object({ type: Type.String(), count: Count, decided: Count, avgHours: Hours }),
        ),
      },
      { additionalProperties: false },
    ),
    /** Alerts raised in the range on seals owned in the subtree. */
    alerts: Type.Object(
      { byRule: Type.Array(Type.Object({ rule: Type.String(), count: Count })) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ReportSummary = Static<typeof ReportSummary>;

const tags = ['reports'];
export const reportSummaryRoute = {
  tags,
  querystring: ReportSummaryQuery,
  response: { 200: ReportSummary, 400: ErrorBody, ...denied },
};
/** text/csv, UTF-8 with a BOM. */
export const sealedCsvRoute = {
  tags,
  querystring: ReportRangeQuery,
  response: { 200: Type.String(), 400: ErrorBody, ...denied },
};

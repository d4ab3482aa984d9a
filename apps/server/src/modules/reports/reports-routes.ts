import {
  type ReportRangeQuery,
  type ReportSummaryQuery,
  reportSummaryRoute,
  sealedCsvRoute,
} from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { reportSummary, sealedDocumentsCsv } from './reports-service.ts';

export interface ReportsRoutesOptions {
  clock: () => Date;
  /** The school's time zone (OPENSEAL_TIME_ZONE): report days and CSV times are in it. */
  timeZone: string;
}

/** 智能数据报表: scoped to the `unitId` asked about; a grant there or above it is needed. */
export const reportsRoutes: FastifyPluginAsync<ReportsRoutesOptions> = async (app, { clock, timeZone }) => {
  const access = {
    access: {
      permission: 'reports.read' as const,
      scope: (req: { query: unknown }) => (req.query as ReportRangeQuery).unitId,
    },
  };

  app.get<{ Querystring: ReportSummaryQuery }>(
    '/api/reports/summary',
    { schema: reportSummaryRoute, config: access },
    (req) => reportSummary(app.db, req.query, timeZone),
  );

  app.get<{ Querystring: ReportRangeQuery }>(
    '/api/reports/sealed.csv',
    { schema: sealedCsvRoute, config: access },
    async (req, reply) => {
      const csv = await sealedDocumentsCsv(app.db, req.query, timeZone);
      // Exporting the document ledger is a disclosure of its own: audited.
      await appendAudit(
        app.db,
        {
          ...auditActor(req),
          action: 'reports.exportSealed',
          object: `org_unit:${req.query.unitId}`,
          outcome: 'success',
        },
        { clock },
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sealed-${req.query.from}-${req.query.to}.csv"`)
        .send(csv);
    },
  );
};

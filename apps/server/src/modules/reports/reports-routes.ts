import type { FastifyPluginAsync } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { reportSummary, sealedDocumentsCsv } from './reports-service.ts';
import { listRiskAlerts } from './risk-alert-list.ts';
import { sealTrajectory } from './seal-trajectory.ts';

export interface ReportsRoutesOptions {
  clock: () => Date;
  /** The school's time zone (OPENSEAL_TIME_ZONE): report days and CSV times are in it. */
  timeZone: string;
}

/** 智能数据报表: scoped to the `unitId` asked about; a grant there or above it is needed. */
export const reportsRoutes: FastifyPluginAsync<ReportsRoutesOptions> = async (app, { clock, timeZone }) => {
  serveRoutes(app, {
    reportSummary: (req) => reportSummary(app.db, req.query, timeZone),
    // These two name what other domains own (seals, people, requests, ledger rows): served here, above them.
    listRiskAlerts: (req) => listRiskAlerts(app.db, req.query),
    sealTrajectory: (req) => sealTrajectory(app.db, req.params.id),
    sealedCsv: async (req, reply) => {
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
      return sendFile(reply, {
        bytes: csv,
        contentType: 'text/csv; charset=utf-8',
        name: `sealed-${req.query.from}-${req.query.to}.csv`,
      });
    },
  });
};

import type { Certificate } from '@openseal/pki';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import { readCheckpoints } from './audit-checkpoint.ts';
import { auditCsvHeader, auditCsvRow, CSV_BOM } from './audit-csv.ts';
import type { AuditKeys } from './audit-keys.ts';
import { appendAudit } from './audit-log.ts';
import { entryFromRow } from './audit-rows.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

/** 三员分立: the security auditor reviews what the system and security admins did, school-wide. */
export const REVIEWED_ROLES = ['system_admin', 'security_admin'] as const;

export interface AuditRoutesOptions {
  /** checkpointDir(dataDir), as the CLI reads it. */
  checkpointDir: string;
  /** From the KEK; without them the chain cannot be checked. */
  keys?: AuditKeys;
  /** The TSA certificates the checkpoints' timestamps are judged against. */
  tsaCertificates: readonly Certificate[];
  clock: () => Date;
}

/** Rows per query for the export, walked in seq order without loading the log whole. */
const EXPORT_BATCH = 1000;

export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (app, opts) => {
  serveRoutes(app, {
    listAudit: async (req) => {
      const rows = await app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('role', 'in', REVIEWED_ROLES)
        .where('seq', '>', req.query.afterSeq ?? 0)
        .orderBy('seq')
        .limit(req.query.limit ?? 100)
        .execute();
      return rows.map(entryFromRow);
    },
    verifyAudit: async () => {
      if (!opts.keys) throw new AppError('ERR_AUDIT_KEY_MISSING');
      return verifyAuditChain(app.db, {
        keys: opts.keys,
        checkpoints: readCheckpoints(opts.checkpointDir),
        tsaCertificates: opts.tsaCertificates,
      });
    },
    exportAudit: async (req, reply) => {
      await appendAudit(
        app.db,
        { ...auditActor(req), action: 'audit.export', object: 'audit_log', outcome: 'success' },
        { clock: opts.clock },
      );
      let csv = CSV_BOM + auditCsvHeader();
      for (let after = 0; ; ) {
        const rows = await app.db
          .selectFrom('audit_log')
          .selectAll()
          .where('role', 'in', REVIEWED_ROLES)
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(EXPORT_BATCH)
          .execute();
        for (const row of rows) csv += auditCsvRow(entryFromRow(row));
        if (rows.length < EXPORT_BATCH) break;
        after = Number(rows[rows.length - 1]!.seq);
      }
      const day = opts.clock().toISOString().slice(0, 10);
      return sendFile(reply, {
        bytes: csv,
        contentType: 'text/csv; charset=utf-8',
        name: `openseal-audit-${day}.csv`,
      });
    },
  });
};

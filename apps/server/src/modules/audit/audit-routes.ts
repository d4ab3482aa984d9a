import { type AuditQuery, listAuditRoute } from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { rootUnitId } from '../org/org-service.ts';
import { entryFromRow } from './audit-rows.ts';

/** 三员分立: the security auditor reviews what the system and security admins did, school-wide. */
export const REVIEWED_ROLES = ['system_admin', 'security_admin'] as const;

export const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: AuditQuery }>(
    '/api/audit',
    {
      schema: listAuditRoute,
      config: { access: { permission: 'audit.read', scope: (req) => rootUnitId(req.server.db) } },
    },
    async (req) => {
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
  );
};

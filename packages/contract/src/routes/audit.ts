import { exportAuditRoute, verifyAuditRoute } from '../audit.ts';
import { listAuditRoute } from '../auth.ts';
import type { RouteSpec } from './route-spec.ts';

/** 三员分立: the security auditor reviews what the system and security admins did, school-wide. */
export const auditApi = {
  listAudit: {
    method: 'GET',
    path: '/api/audit',
    schema: listAuditRoute,
    access: { permission: 'audit.read', scope: 'root' },
  },
  verifyAudit: {
    method: 'GET',
    path: '/api/audit/verify',
    schema: verifyAuditRoute,
    access: { permission: 'audit.read', scope: 'root' },
  },
  exportAudit: {
    method: 'GET',
    path: '/api/audit/export',
    schema: exportAuditRoute,
    access: { permission: 'audit.read', scope: 'root' },
    download: { contentTypes: ['text/csv'] },
  },
} as const satisfies Record<string, RouteSpec>;

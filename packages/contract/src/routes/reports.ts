import { reportSummaryRoute, sealedCsvRoute } from '../reports.ts';
import type { RouteSpec } from './route-spec.ts';

/** 智能数据报表: scoped to the `unitId` asked about; a grant there or above it is needed. */
export const reportsApi = {
  reportSummary: {
    method: 'GET',
    path: '/api/reports/summary',
    schema: reportSummaryRoute,
    access: { permission: 'reports.read', scope: 'query.unitId' },
  },
  sealedCsv: {
    method: 'GET',
    path: '/api/reports/sealed.csv',
    schema: sealedCsvRoute,
    access: { permission: 'reports.read', scope: 'query.unitId' },
    download: { contentTypes: ['text/csv'] },
  },
} as const satisfies Record<string, RouteSpec>;

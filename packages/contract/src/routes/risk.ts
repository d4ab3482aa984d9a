import {
  addSensitiveWordRoute,
  changeRiskAlertRoute,
  deleteSensitiveWordRoute,
  listRiskAlertsRoute,
  listRiskHolidaysRoute,
  listRiskRulesRoute,
  listSensitiveWordsRoute,
  replaceRiskHolidaysRoute,
  updateRiskRuleRoute,
} from '../risk.ts';
import type { RouteSpec } from './route-spec.ts';

const read = { permission: 'risk.read', scope: 'root' } as const;
const manage = { permission: 'risk.manage', scope: 'root' } as const;

/** Risk control is school-wide: the security admin acts on it from the root unit. */
export const riskApi = {
  listRiskAlerts: { method: 'GET', path: '/api/risk/alerts', schema: listRiskAlertsRoute, access: read },
  acknowledgeRiskAlert: {
    method: 'POST',
    path: '/api/risk/alerts/:id/acknowledge',
    schema: changeRiskAlertRoute,
    access: manage,
  },
  resolveRiskAlert: {
    method: 'POST',
    path: '/api/risk/alerts/:id/resolve',
    schema: changeRiskAlertRoute,
    access: manage,
  },
  listRiskRules: { method: 'GET', path: '/api/risk/rules', schema: listRiskRulesRoute, access: read },
  updateRiskRule: { method: 'PUT', path: '/api/risk/rules/:id', schema: updateRiskRuleRoute, access: manage },
  listSensitiveWords: {
    method: 'GET',
    path: '/api/risk/sensitive-words',
    schema: listSensitiveWordsRoute,
    access: read,
  },
  addSensitiveWord: {
    method: 'POST',
    path: '/api/risk/sensitive-words',
    schema: addSensitiveWordRoute,
    access: manage,
  },
  deleteSensitiveWord: {
    method: 'DELETE',
    path: '/api/risk/sensitive-words/:id',
    schema: deleteSensitiveWordRoute,
    access: manage,
  },
  listRiskHolidays: {
    method: 'GET',
    path: '/api/risk/holidays',
    schema: listRiskHolidaysRoute,
    access: read,
  },
  replaceRiskHolidays: {
    method: 'PUT',
    path: '/api/risk/holidays',
    schema: replaceRiskHolidaysRoute,
    access: manage,
  },
} as const satisfies Record<string, RouteSpec>;

import {
  type AddSensitiveWordBody,
  addSensitiveWordRoute,
  changeRiskAlertRoute,
  deleteSensitiveWordRoute,
  type ListRiskAlertsQuery,
  listRiskAlertsRoute,
  listRiskHolidaysRoute,
  listRiskRulesRoute,
  listSensitiveWordsRoute,
  type RiskAlertNoteBody,
  type RiskAlertParams,
  type RiskHolidaysBody,
  type RiskRuleIdParams,
  replaceRiskHolidaysRoute,
  type SensitiveWordParams,
  type UpdateRiskRuleBody,
  updateRiskRuleRoute,
} from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor, type ScopeResolver } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import { rootUnitId } from '../org/org-service.ts';
import { listRiskAlerts } from '../reports/risk-alert-list.ts';
import { changeRiskAlert } from './risk-alerts.ts';
import {
  addSensitiveWord,
  deleteSensitiveWord,
  listRiskHolidays,
  listRiskRules,
  listSensitiveWords,
  replaceRiskHolidays,
  updateRiskRule,
} from './risk-service.ts';

export interface RiskRoutesOptions {
  clock: () => Date;
  /** The school's time zone: the off-hours rule's default zone as the rules page shows it. */
  timeZone: string;
}

function who(req: FastifyRequest) {
  return { ...auditActor(req), actor: (req.actor as Actor).username };
}

/** Risk control is school-wide: the security admin acts on it from the root unit. */
export const riskRoutes: FastifyPluginAsync<RiskRoutesOptions> = async (app, { clock, timeZone }) => {
  const root: ScopeResolver = (req) => rootUnitId(req.server.db);
  const read = { access: { permission: 'risk.read' as const, scope: root } };
  const manage = { access: { permission: 'risk.manage' as const, scope: root } };

  app.get<{ Querystring: ListRiskAlertsQuery }>(
    '/api/risk/alerts',
    { schema: listRiskAlertsRoute, config: read },
    (req) => listRiskAlerts(app.db, req.query),
  );
  for (const [step, to] of [
    ['acknowledge', 'acknowledged'],
    ['resolve', 'resolved'],
  ] as const) {
    app.post<{ Params: RiskAlertParams; Body: RiskAlertNoteBody }>(
      `/api/risk/alerts/:id/${step}`,
      { schema: changeRiskAlertRoute, config: manage },
      (req) => changeRiskAlert(app.db, req.params.id, to, req.body.note, who(req), clock),
    );
  }

  app.get('/api/risk/rules', { schema: listRiskRulesRoute, config: read }, () =>
    listRiskRules(app.db, timeZone),
  );
  app.put<{ Params: RiskRuleIdParams; Body: UpdateRiskRuleBody }>(
    '/api/risk/rules/:id',
    { schema: updateRiskRuleRoute, config: manage },
    (req) => updateRiskRule(app.db, req.params.id, req.body, who(req), clock),
  );

  app.get('/api/risk/sensitive-words', { schema: listSensitiveWordsRoute, config: read }, () =>
    listSensitiveWords(app.db),
  );
  app.post<{ Body: AddSensitiveWordBody }>(
    '/api/risk/sensitive-words',
    { schema: addSensitiveWordRoute, config: manage },
    async (req, reply) =>
      reply.status(201).send(await addSensitiveWord(app.db, req.body.word, who(req), clock)),
  );
  app.delete<{ Params: SensitiveWordParams }>(
    '/api/risk/sensitive-words/:id',
    { schema: deleteSensitiveWordRoute, config: manage },
    async (req, reply) => {
      await deleteSensitiveWord(app.db, req.params.id, who(req), clock);
      return reply.status(204).send();
    },
  );

  app.get('/api/risk/holidays', { schema: listRiskHolidaysRoute, config: read }, () =>
    listRiskHolidays(app.db),
  );
  app.put<{ Body: RiskHolidaysBody }>(
    '/api/risk/holidays',
    { schema: replaceRiskHolidaysRoute, config: manage },
    (req) => replaceRiskHolidays(app.db, req.body.holidays, who(req), clock),
  );
};

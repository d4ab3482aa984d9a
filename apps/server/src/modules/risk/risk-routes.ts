import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
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
  serveRoutes(app, {
    acknowledgeRiskAlert: (req) =>
      changeRiskAlert(app.db, req.params.id, 'acknowledged', req.body.note, who(req), clock),
    resolveRiskAlert: (req) =>
      changeRiskAlert(app.db, req.params.id, 'resolved', req.body.note, who(req), clock),
    listRiskRules: () => listRiskRules(app.db, timeZone),
    updateRiskRule: (req) => updateRiskRule(app.db, req.params.id, req.body, who(req), clock),
    listSensitiveWords: () => listSensitiveWords(app.db),
    addSensitiveWord: async (req, reply) =>
      reply.status(201).send(await addSensitiveWord(app.db, req.body.word, who(req), clock)),
    deleteSensitiveWord: async (req, reply) => {
      await deleteSensitiveWord(app.db, req.params.id, who(req), clock);
      return reply.status(204).send();
    },
    listRiskHolidays: () => listRiskHolidays(app.db),
    replaceRiskHolidays: (req) => replaceRiskHolidays(app.db, req.body.holidays, who(req), clock),
  });
};

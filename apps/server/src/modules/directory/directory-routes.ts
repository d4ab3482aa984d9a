import type { FastifyPluginAsync } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import { listFlaggedOpenRequests } from '../approvals/leaver-requests.ts';
import { displayNames } from '../auth/accounts.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { parseDirectoryCsv } from './csv-source.ts';
import { directoryConfigView, loadDirectoryConfig, putDirectoryConfig } from './directory-config.ts';
import { scheduledDirectorySync, syncFromLdap } from './directory-ldap-sync.ts';
import { listDirectoryRuns, syncDirectory } from './directory-sync.ts';

/** Percent of directory people a CSV import may disable before it must be forced (no LDAP settings). */
const DEFAULT_MAX_DISABLE_PERCENT = 10;

export const directoryRoutes: FastifyPluginAsync<{
  clock: () => Date;
  secrets: SecretBox;
  /** How often the schedule is checked; default one minute. */
  tickMs?: number;
}> = async (app, opts) => {
  const ctx = { db: app.db, secrets: opts.secrets, clock: opts.clock };
  serveRoutes(app, {
    getDirectoryConfig: () => directoryConfigView(app.db),
    putDirectoryConfig: (req) =>
      putDirectoryConfig(app.db, opts.secrets, req.body, auditActor(req), opts.clock()),
    postDirectorySync: (req) =>
      syncFromLdap(ctx, {
        dryRun: req.body.dryRun,
        force: req.body.force ?? false,
        trigger: 'manual',
        who: auditActor(req),
      }),
    postDirectoryCsv: async (req) => {
      const snapshot = parseDirectoryCsv(req.body.unitsCsv, req.body.peopleCsv);
      const stored = await loadDirectoryConfig(app.db, opts.secrets);
      return syncDirectory(app.db, snapshot, {
        source: 'csv',
        trigger: 'manual',
        dryRun: req.body.dryRun,
        force: req.body.force ?? false,
        maxDisablePercent: stored?.config.maxDisablePercent ?? DEFAULT_MAX_DISABLE_PERCENT,
        who: auditActor(req),
        clock: opts.clock,
      });
    },
    listDirectoryRuns: () => listDirectoryRuns(app.db),
    listDirectoryFlagged: async () => {
      const flagged = await listFlaggedOpenRequests(app.db);
      const names = await displayNames(
        app.db,
        flagged.map((r) => r.requesterId),
      );
      return flagged.map(({ requesterId, ...r }) => ({
        ...r,
        requester: names.get(requesterId) ?? requesterId,
      }));
    },
  });
  app.jobs.every('directory sync', opts.tickMs ?? 60_000, () => scheduledDirectorySync(ctx));
};

import { ROLE_PERMISSIONS } from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import { subtreeIds } from '../org/org-service.ts';
import type { SealActor } from '../seals/seals-context.ts';
import type { CredentialsContext } from './credentials-context.ts';
import { createJobRunner } from './job-runner.ts';
import { jobZip, jobZipName } from './job-zip.ts';
import { changeJobStatus, checkJob, createJob, getJob, getJobDetail, listJobs } from './jobs-service.ts';

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

/** Batch issuing jobs; unfinished jobs resume when the server starts. */
export const credentialJobRoutes: FastifyPluginAsync<CredentialsContext> = async (app, ctx) => {
  const runner = createJobRunner(ctx, { log: app.log });
  app.addHook('onReady', async () => {
    await runner.start();
  });
  app.addHook('onClose', async () => {
    await runner.stop();
  });

  serveRoutes(app, {
    createCredentialJob: async (req, reply) => {
      const job = await createJob(ctx, req.body, who(req));
      runner.kick(job.id);
      return reply.status(201).send(job);
    },
    checkCredentialJob: (req) => checkJob(ctx, req.body),
    listCredentialJobs: async (req) => {
      // The jobs of every unit under the caller's credentials.issue grants.
      const grants = (req.actor as Actor).grants.filter((g) =>
        ROLE_PERMISSIONS[g.role].includes('credentials.issue'),
      );
      const units = new Set<string>();
      for (const g of grants) for (const id of await subtreeIds(app.db, g.orgUnitId)) units.add(id);
      return listJobs(app.db, [...units]);
    },
    getCredentialJob: (req) => getJobDetail(app.db, req.params.id),
    pauseCredentialJob: async (req) => {
      const job = await changeJobStatus(ctx, req.params.id, 'pause', who(req));
      runner.pause(job.id);
      return job;
    },
    resumeCredentialJob: async (req) => {
      const job = await changeJobStatus(ctx, req.params.id, 'resume', who(req));
      runner.kick(job.id);
      return job;
    },
    credentialJobZip: async (req, reply) => {
      const job = await getJob(app.db, req.params.id);
      const stream = await jobZip(app.db, ctx.files, job.id, job.typeCode);
      const name = jobZipName(job, ctx.timeZone);
      return sendFile(reply, {
        bytes: stream,
        contentType: 'application/zip',
        name: name.utf8,
        asciiName: name.ascii,
      });
    },
  });
};

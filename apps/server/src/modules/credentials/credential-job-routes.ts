import {
  type CreateCredentialJobBody,
  CreateCredentialJobBody as CreateCredentialJobBodySchema,
  CredentialIdParams,
  CredentialJob,
  CredentialJobCheck,
  CredentialJobDetail,
  ErrorBody,
  ROLE_PERMISSIONS,
} from '@openseal/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor, type ScopeResolver } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import { subtreeIds } from '../org/org-service.ts';
import type { SealActor } from '../seals/seals-context.ts';
import { attachmentDisposition } from './attachment-name.ts';
import type { CredentialsContext } from './credentials-context.ts';
import { createJobRunner } from './job-runner.ts';
import { jobZip, jobZipName } from './job-zip.ts';
import {
  changeJobStatus,
  checkJob,
  createJob,
  getJob,
  getJobDetail,
  jobUnit,
  listJobs,
  templateByCode,
} from './jobs-service.ts';

// Route schemas (request and response) for the batch jobs; the types are the contract's.
const tags = ['credentials'];
const denied = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const createJobRoute = {
  tags,
  summary: 'Issue a credential type to a cohort or a list of people, as one resumable batch job',
  body: CreateCredentialJobBodySchema,
  response: { 201: CredentialJob, 400: ErrorBody, 409: ErrorBody, ...denied },
};
const checkJobRoute = {
  tags,
  summary: 'How many people a job would issue to, and how many of them already hold a current one',
  body: CreateCredentialJobBodySchema,
  response: { 200: CredentialJobCheck, 400: ErrorBody, ...denied },
};
const listJobsRoute = {
  tags,
  summary: 'Batch jobs in my scope, newest first',
  response: { 200: Type.Array(CredentialJob), ...denied },
};
const getJobRoute = {
  tags,
  summary: 'One batch job: progress, rate and per-person errors',
  params: CredentialIdParams,
  response: { 200: CredentialJobDetail, ...denied },
};
const changeJobRoute = {
  tags,
  summary: 'Pause or resume a batch job',
  params: CredentialIdParams,
  response: { 200: CredentialJob, 409: ErrorBody, ...denied },
};
const zipRoute = {
  tags,
  summary: "The job's issued PDFs, and errors.csv when any item failed (application/zip, streamed)",
  params: CredentialIdParams,
  produces: ['application/zip'],
};

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

  const byTemplate: ScopeResolver = async (req) =>
    (await templateByCode(app.db, (req.body as CreateCredentialJobBody).typeCode)).owner_unit_id;
  const byJob: ScopeResolver = (req) => jobUnit(app.db, (req.params as CredentialIdParams).id);
  const issue = (scope?: ScopeResolver) => ({
    access: { permission: 'credentials.issue' as const, ...(scope ? { scope } : {}) },
  });

  app.post<{ Body: CreateCredentialJobBody }>(
    '/api/credential-jobs',
    { schema: createJobRoute, config: issue(byTemplate) },
    async (req, reply) => {
      const job = await createJob(ctx, req.body, who(req));
      runner.kick(job.id);
      return reply.status(201).send(job);
    },
  );

  app.post<{ Body: CreateCredentialJobBody }>(
    '/api/credential-jobs/check',
    { schema: checkJobRoute, config: issue(byTemplate) },
    (req) => checkJob(ctx, req.body),
  );

  app.get('/api/credential-jobs', { schema: listJobsRoute, config: issue() }, async (req) => {
    // The jobs of every unit under the caller's credentials.issue grants.
    const grants = (req.actor as Actor).grants.filter((g) =>
      ROLE_PERMISSIONS[g.role].includes('credentials.issue'),
    );
    const units = new Set<string>();
    for (const g of grants) for (const id of await subtreeIds(app.db, g.orgUnitId)) units.add(id);
    return listJobs(app.db, [...units]);
  });

  app.get<{ Params: CredentialIdParams }>(
    '/api/credential-jobs/:id',
    { schema: getJobRoute, config: issue(byJob) },
    (req) => getJobDetail(app.db, req.params.id),
  );

  app.post<{ Params: CredentialIdParams }>(
    '/api/credential-jobs/:id/pause',
    { schema: changeJobRoute, config: issue(byJob) },
    async (req) => {
      const job = await changeJobStatus(ctx, req.params.id, 'pause', who(req));
      runner.pause(job.id);
      return job;
    },
  );
  app.post<{ Params: CredentialIdParams }>(
    '/api/credential-jobs/:id/resume',
    { schema: changeJobRoute, config: issue(byJob) },
    async (req) => {
      const job = await changeJobStatus(ctx, req.params.id, 'resume', who(req));
      runner.kick(job.id);
      return job;
    },
  );

  app.get<{ Params: CredentialIdParams }>(
    '/api/credential-jobs/:id/zip',
    { schema: zipRoute, config: issue(byJob) },
    async (req, reply) => {
      const job = await getJob(app.db, req.params.id);
      const stream = await jobZip(app.db, ctx.files, job.id, job.typeCode);
      const name = jobZipName(job, ctx.timeZone);
      return reply
        .type('application/zip')
        .header('content-disposition', attachmentDisposition(name.utf8, name.ascii))
        .send(stream);
    },
  );
};

import { type DocumentType, placementFromQuery } from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import { issueForSubject } from '../credentials/issue-for-subject.ts';
import { rootUnitId } from '../org/org-service.ts';
import { ledgerRowsOfUser } from '../sealing/ledger-reads.ts';
import { useSeal } from '../sealing/seal-step.ts';
import type { SealActor } from '../seals/seals-context.ts';
import { verifyUpload } from '../verification/verification-service.ts';
import { runBatches } from './batch-worker.ts';
import {
  changeServiceAccount,
  createServiceAccount,
  listServiceAccounts,
  pendingServiceAccounts,
  rotateServiceAccountKey,
} from './service-accounts.ts';
import type { ServiceApiContext } from './service-api-context.ts';
import {
  addBatchFile,
  assertSealInScope,
  batchOf,
  batchZip,
  createBatch,
  listBatchFiles,
  sealedBatchFile,
  startBatch,
  toServiceBatch,
} from './service-batches.ts';
import { activeCaller, serviceActor } from './service-keys.ts';

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

/** The ledger page cursor: the last row's time and id, opaque to the caller. */
const cursorOf = (row: { created_at: string; id: string }) =>
  Buffer.from(`${row.created_at}|${row.id}`, 'utf8').toString('base64url');
function readCursor(after: string | undefined): { createdAt: string; id: string } | null {
  if (after === undefined) return null;
  const [createdAt, id, ...rest] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length > 0)
    throw new AppError('ERR_VALIDATION', 'after is not a cursor of this API');
  return { createdAt, id };
}

/**
 * The service API: the console's account management (seal office, security admin) and the routes a
 * service key reaches, each a front door onto the one seal step with the account as the actor. The
 * batch worker runs on the server's scheduler: started at once when a batch starts, and every few
 * seconds for batches a stopped server left behind.
 */
export const serviceApiRoutes: FastifyPluginAsync<ServiceApiContext> = async (app, ctx) => {
  const { db, clock, keys } = ctx;
  const accounts = { db, clock, seals: ctx.seals };
  const work = () => runBatches(ctx, (id) => activeCaller(db, id));
  ctx.jobs.every('service batches', 5_000, work);
  const kick = () => ctx.jobs.after('service batch start', 0, work);

  serveRoutes(app, {
    // ---- console ------------------------------------------------------------------------------
    listServiceAccounts: async (req) => listServiceAccounts(db, req.query.unitId ?? (await rootUnitId(db))),
    pendingServiceAccounts: () => pendingServiceAccounts(db),
    createServiceAccount: async (req, reply) =>
      reply.status(201).send(await createServiceAccount(accounts, req.body, who(req))),
    rotateServiceAccountKey: (req) => rotateServiceAccountKey(accounts, req.params.id, who(req)),
    suspendServiceAccount: (req) => changeServiceAccount(accounts, req.params.id, 'suspend', who(req)),
    resumeServiceAccount: (req) => changeServiceAccount(accounts, req.params.id, 'resume', who(req)),
    revokeServiceAccount: (req) => changeServiceAccount(accounts, req.params.id, 'revoke', who(req)),
    approveServiceAccount: (req) => changeServiceAccount(accounts, req.params.id, 'approve', who(req)),
    rejectServiceAccount: (req) => changeServiceAccount(accounts, req.params.id, 'reject', who(req)),

    // ---- /api/service/v1 (a service key) ------------------------------------------------------
    serviceStamp: async (req, reply) => {
      const caller = keys.callerOf(req);
      assertSealInScope(caller, req.params.id);
      const { documentType, purpose, ...where } = req.query;
      const placement = placementFromQuery(where);
      if ('problems' in placement)
        throw new AppError('ERR_SEAL_PLACEMENT_QUERY', placement.problems.join('; '), placement.problems);
      const sealed = await useSeal(ctx.seals, {
        sealId: req.params.id,
        pdf: req.body,
        placement,
        documentType,
        purpose,
        actor: serviceActor(caller, req.id),
      });
      if (sealed.warnings.length > 0) reply.header('x-seal-warning', sealed.warnings.join(','));
      reply.header('x-document-sha256', sealed.sha256).header('x-ledger-id', sealed.ledgerId);
      return sendFile(reply, { bytes: sealed.pdf, contentType: 'application/pdf' });
    },
    createServiceBatch: async (req, reply) =>
      reply.status(201).send(await createBatch(db, keys.callerOf(req), req.body, clock())),
    addServiceBatchFile: async (req, reply) =>
      reply
        .status(201)
        .send(await addBatchFile(db, ctx.files, keys.callerOf(req), req.params.id, req.body, req.query.name)),
    startServiceBatch: async (req) => {
      const batch = await startBatch(db, keys.callerOf(req), req.params.id, req.id, clock);
      kick();
      return batch;
    },
    getServiceBatch: async (req) => toServiceBatch(await batchOf(db, keys.callerOf(req), req.params.id)),
    listServiceBatchFiles: (req) =>
      listBatchFiles(db, keys.callerOf(req), req.params.id, req.query.after ?? 0, req.query.limit ?? 1000),
    getServiceBatchFile: async (req, reply) => {
      const file = await sealedBatchFile(db, ctx.files, keys.callerOf(req), req.params.id, req.params.seq);
      return sendFile(reply, { bytes: file.pdf, contentType: 'application/pdf', name: file.name });
    },
    getServiceBatchZip: async (req, reply) => {
      const stream = await batchZip(db, ctx.files, keys.callerOf(req), req.params.id);
      return sendFile(reply, {
        bytes: stream,
        contentType: 'application/zip',
        name: `batch-${req.params.id}.zip`,
      });
    },
    serviceIssueCredential: async (req, reply) => {
      const caller = keys.callerOf(req);
      if (!caller.typeCodes.includes(req.body.typeCode))
        throw new AppError('ERR_SERVICE_SCOPE_TYPE', `credential type ${req.body.typeCode}`);
      const credential = await issueForSubject(
        ctx.credentials,
        req.body.typeCode,
        req.body.subject,
        serviceActor(caller, req.id),
      );
      return reply.status(201).send(credential);
    },
    serviceVerify: (req) => {
      keys.callerOf(req);
      return verifyUpload(ctx.seals, req.body);
    },
    serviceLedger: async (req) => {
      const caller = keys.callerOf(req);
      const limit = req.query.limit ?? 100;
      const rows = await ledgerRowsOfUser(db, caller.userId, readCursor(req.query.after), limit);
      const last = rows[rows.length - 1];
      return {
        items: rows.map((r) => ({
          id: r.id,
          sealId: r.seal_id,
          documentSha256: r.sha256,
          documentType: (r.document_type ?? 'other') as DocumentType,
          purpose: r.purpose,
          createdAt: r.created_at,
        })),
        next: rows.length === limit && last ? cursorOf(last) : null,
      };
    },
  });
};

import type { FastifyPluginAsync } from 'fastify';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import { who } from './contract-actor.ts';
import { agreeToVoid, declineContract, voidContract } from './contract-closing.ts';
import { createContract } from './contract-create.ts';
import { recordContractEvent } from './contract-events.ts';
import { contractDetail, contractFor, contractPage, contractSummaries } from './contract-reads.ts';
import type { ContractsContext } from './contracts-context.ts';
import { signWithEventCertificate } from './event-signing.ts';
import { evidenceReport } from './evidence-report.ts';
import { sealContractParty } from './organization-sealing.ts';
import {
  certifyKeyForContract,
  completeContractSignature,
  prepareContractSignature,
} from './person-signing.ts';
import { checkRealName } from './real-name/real-name-check.ts';
import { sealJobOf, sealJobsOf, startSealJob } from './seal-jobs.ts';

/** Contracts: every handler decides per contract whether the caller is its initiator or a party. */
export const contractsRoutes: FastifyPluginAsync<ContractsContext> = async (app, ctx) => {
  serveRoutes(app, {
    createContract: async (req, reply) =>
      reply.status(201).send(await createContract(ctx, who(req), req.body)),
    startSealJob: async (req, reply) =>
      reply.status(201).send(await startSealJob(ctx, who(req), req.body.sealId)),
    listSealJobs: async (req) => sealJobsOf(ctx, (req.actor as Actor).userId),
    getSealJob: async (req) => sealJobOf(ctx, (req.actor as Actor).userId, req.params.id),
    listContracts: async (req) => {
      const userId = (req.actor as Actor).userId;
      const page = await contractPage(ctx.db, userId, req.query);
      return {
        items: await contractSummaries(ctx.db, page.ids, userId),
        ...(page.next ? { next: page.next } : {}),
      };
    },
    getContract: async (req) => {
      const userId = (req.actor as Actor).userId;
      return contractDetail(ctx.db, await contractFor(ctx.db, req.params.id, userId), userId);
    },
    getContractFile: async (req, reply) => {
      const caller = who(req);
      const loaded = await contractFor(ctx.db, req.params.id, caller.userId);
      const sha256 = loaded.contract.current_sha256;
      const bytes = await ctx.files.get(sha256);
      const party = loaded.parties.find((p) => p.user_id === caller.userId);
      await recordContractEvent(ctx.db, {
        contractId: loaded.contract.id,
        kind: 'viewed',
        who: caller,
        ...(party ? { partyId: party.id } : {}),
        documentSha256: sha256,
        at: ctx.clock(),
      });
      return sendFile(reply, { bytes, contentType: 'application/pdf' });
    },
    getContractEvidence: async (req, reply) => {
      const userId = (req.actor as Actor).userId;
      const loaded = await contractFor(ctx.db, req.params.id, userId);
      const pdf = await evidenceReport(ctx, {
        detail: await contractDetail(ctx.db, loaded, userId),
        originalSha256: loaded.contract.original_sha256,
        verifyUrl: `${ctx.publicUrl}/verify`,
      });
      reply.header('content-disposition', `attachment; filename="evidence-${loaded.contract.id}.pdf"`);
      return sendFile(reply, { bytes: pdf, contentType: 'application/pdf' });
    },
    checkRealName: async (req) => checkRealName(ctx, who(req), req.params.id, req.body),
    certifySignerKey: async (req) => certifyKeyForContract(ctx, who(req), req.params.id, req.body.csr),
    prepareContractSignature: async (req) => prepareContractSignature(ctx, who(req), req.params.id, req.body),
    completeContractSignature: async (req) =>
      completeContractSignature(ctx, who(req), req.params.id, req.body.signature),
    signWithEventCertificate: async (req) => signWithEventCertificate(ctx, who(req), req.params.id, req.body),
    sealContract: async (req) => sealContractParty(ctx, who(req), req.params.id, req.body.partyId),
    declineContract: async (req) => declineContract(ctx, who(req), req.params.id, req.body.reason),
    agreeVoidContract: async (req) => agreeToVoid(ctx, who(req), req.params.id),
    voidContract: async (req) => voidContract(ctx, who(req), req.params.id, req.body.reason),
  });
};

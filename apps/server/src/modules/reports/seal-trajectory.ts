// A seal's trajectory (轨迹): made by, changed by, used by, when, on which document. A read across
// domains (the audit log, the requests that made the seal, the document ledger), so it sits with the
// reports, above every domain it reads.
import type { DocumentType, SealTrajectoryEvent } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { sealMakingRequestIds } from '../approvals/request-reads.ts';
import { auditEntriesAbout } from '../audit/object-history.ts';
import { usesOfSeal } from '../sealing/ledger-reads.ts';

/**
 * Made by, changed by, used by, when, on which document: the seal's audit entries (lifecycle,
 * grants, refused uses) merged with its document-ledger rows (successful uses), oldest first.
 */
export async function sealTrajectory(db: Kysely<Database>, id: string): Promise<SealTrajectoryEvent[]> {
  // The request that made the seal was filed before the seal existed, under request:<id>.
  const making = await sealMakingRequestIds(db, id);
  const audits = await auditEntriesAbout(db, {
    objects: [`seal:${id}`, ...making.map((requestId) => `request:${requestId}`)],
    prefixes: [`seal:${id}/request:`],
  });
  const uses = await usesOfSeal(db, id);
  const events: SealTrajectoryEvent[] = [
    ...audits.map((a) => ({ ...a, documentSha256: null, documentType: null, purpose: null })),
    ...uses.map((u) => ({
      time: u.created_at,
      action: 'seal.use',
      actor: u.actor,
      outcome: 'success',
      documentSha256: u.sha256,
      documentType: u.document_type as DocumentType | null,
      purpose: u.purpose,
    })),
  ];
  // Stable: equal times keep audit-before-ledger order.
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

// The evidence trail: one row per view, certification, signature, stamp, decline, void and expiry,
// with who, when, from where and the file's hash after the event. Written in the transaction of
// the change it records.
import { randomBytes } from 'node:crypto';
import type { AuditOutcome, ContractEventKind } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { auditWho } from '../seals/seals-context.ts';
import type { ContractActor } from './contracts-context.ts';

export interface ContractEventInput {
  contractId: string;
  kind: ContractEventKind;
  who: ContractActor | 'system';
  partyId?: string;
  documentSha256: string;
  detail?: string;
  at: Date;
}

let last = { ms: 0, n: 0 };

/**
 * A UUIDv7 (RFC 9562 5.7) whose 12 bits after the version count events within one millisecond, so a
 * contract's events sort by id in the order this process recorded them: a consent, the signature and
 * the completion written in one transaction share their time but not their order.
 */
function eventId(at: Date): string {
  const ms = Math.max(at.getTime(), last.ms);
  last = ms === last.ms ? { ms, n: last.n + 1 } : { ms, n: 0 };
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes.writeUInt16BE(0x7000 | (last.n & 0x0fff), 6);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function recordContractEvent(trx: Kysely<Database>, e: ContractEventInput): Promise<void> {
  const person = e.who === 'system' ? null : e.who;
  await trx
    .insertInto('contract_events')
    .values({
      id: eventId(e.at),
      contract_id: e.contractId,
      at: e.at.toISOString(),
      kind: e.kind,
      actor: person ? person.actor : 'system',
      party_id: e.partyId ?? null,
      ip: person?.ip ?? null,
      user_agent: person?.userAgent?.slice(0, 500) ?? null,
      document_sha256: e.documentSha256,
      detail: e.detail ?? null,
    })
    .execute();
}

/** The consent the signer gave before their signature was made, in their words on the page. */
export function recordConsent(
  trx: Kysely<Database>,
  c: { contractId: string; partyId: string; who: ContractActor; sha256: string; at: Date },
): Promise<void> {
  return recordContractEvent(trx, {
    contractId: c.contractId,
    kind: 'consented',
    who: c.who,
    partyId: c.partyId,
    documentSha256: c.sha256,
    detail: '我已阅读并同意本合同 / I have read and agree to this contract',
    at: c.at,
  });
}

/** The audit entry of a step on a contract, in the transaction of its event (STYLE 12). */
export async function auditContract(
  trx: Kysely<Database>,
  clock: () => Date,
  who: ContractActor,
  action: string,
  contractId: string,
  outcome: AuditOutcome = 'success',
): Promise<void> {
  await appendAudit(trx, { ...auditWho(who), action, object: `contract:${contractId}`, outcome }, { clock });
}

// A person party outside the school (外部签署方): named by the initiator with a phone or email, given
// an account of their own for this contract (auth's external-accounts.ts: no password, no other door).
// The only way in is the one-time code of the contract's invitation, which opens a session scoped to
// that contract (contract-invitations.ts). Such a party always passes a real-name check before signing.
import { randomUUID } from 'node:crypto';
import type { ExternalSignerInput, SealPlacement } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { insertExternalAccount } from '../auth/external-accounts.ts';
import type { ContractsContext } from './contracts-context.ts';

export interface ExternalPartyRequest {
  kind: 'person';
  external: ExternalSignerInput;
  custody?: 'browser' | 'event';
  placement?: SealPlacement;
}

/** A planned external party: the plan contract-create stores, and the account it needs first. */
export interface ExternalPartyPlan {
  kind: 'person';
  custody: 'browser' | 'event';
  identity: 'real-name';
  userId: string;
  sealId: null;
  name: string;
  placement: string | null;
  signingDateAt: null;
  /** Inside the contract's transaction, before its party rows: the account and its contact. */
  before: (trx: Kysely<Database>, contractId: string) => Promise<void>;
}

export function isExternalParty(p: object): p is ExternalPartyRequest {
  return 'external' in p;
}

/** 138****1234 */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** z***@example.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** Checks an external party and plans its account; nothing is stored until the contract is. */
export function planExternalParty(
  ctx: ContractsContext,
  p: ExternalPartyRequest,
  unitId: string,
  now: Date,
): ExternalPartyPlan {
  const refuse = (problem: string) => new AppError('ERR_CONTRACT_PARTIES', problem, [problem]);
  const name = p.external.name.trim();
  const phone = p.external.phone ?? null;
  const email = p.external.email?.trim().toLowerCase() ?? null;
  if (!name) throw refuse('an external party needs a name');
  if (!phone && !email) throw refuse(`${name}: an external party needs a mobile number or an email address`);
  if (!ctx.realName)
    throw refuse('no real-name provider is configured, so no external party can be asked to sign');
  // The account sits in the initiator's unit (`unitId`): the one the contract belongs to.
  const userId = randomUUID();
  return {
    kind: 'person',
    custody: p.custody ?? 'browser',
    identity: 'real-name',
    userId,
    sealId: null,
    name,
    placement: p.placement ? JSON.stringify(p.placement) : null,
    signingDateAt: null,
    before: async (trx, contractId) => {
      const iso = now.toISOString();
      await insertExternalAccount(trx, { id: userId, displayName: name, unitId }, now);
      await trx
        .insertInto('external_signers')
        .values({ user_id: userId, contract_id: contractId, name, phone, email, created_at: iso })
        .execute();
    },
  };
}

/** The external signer behind an account, or undefined for anyone else. */
export function externalSignerOf(db: Kysely<Database>, userId: string) {
  return db.selectFrom('external_signers').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

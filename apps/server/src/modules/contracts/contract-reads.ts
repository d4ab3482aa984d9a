// Reading contracts for one caller: only the initiator and the people among the parties see a
// contract; to anyone else it does not exist (ERR_CONTRACT_NOT_FOUND, never a 403 that would
// confirm it does).
import type { ContractDetail, ContractEvent, ContractParty, ContractSummary } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { ContractPartyTable, ContractTable, Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { accountsByIds } from '../auth/accounts.ts';

export type ContractRow = Selectable<ContractTable>;
export type PartyRow = Selectable<ContractPartyTable>;

export interface LoadedContract {
  contract: ContractRow;
  parties: PartyRow[];
}

/** The contract and its parties in order, if `userId` is its initiator or one of its people. */
export async function contractFor(db: Kysely<Database>, id: string, userId: string): Promise<LoadedContract> {
  const contract = await db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!contract) throw new AppError('ERR_CONTRACT_NOT_FOUND');
  const parties = await db
    .selectFrom('contract_parties')
    .selectAll()
    .where('contract_id', '=', id)
    .orderBy('position')
    .execute();
  if (contract.initiator_id !== userId && !parties.some((p) => p.user_id === userId))
    throw new AppError('ERR_CONTRACT_NOT_FOUND');
  return { contract, parties };
}

/** The ids of the contracts `userId` initiated or is a person party to, newest first. */
export async function contractIdsOf(db: Kysely<Database>, userId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('contracts')
    .select(['id', 'created_at'])
    .where((eb) =>
      eb.or([
        eb('initiator_id', '=', userId),
        eb('id', 'in', eb.selectFrom('contract_parties').select('contract_id').where('user_id', '=', userId)),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The parties one caller acts for: their own person party; every organisation party for the initiator. */
export function actsFor(loaded: LoadedContract, party: PartyRow, userId: string): boolean {
  return party.kind === 'person' ? party.user_id === userId : loaded.contract.initiator_id === userId;
}

function partyView(
  loaded: LoadedContract,
  p: PartyRow,
  userId: string,
  usernames: Map<string, string>,
): ContractParty {
  const username = p.user_id ? usernames.get(p.user_id) : undefined;
  return {
    id: p.id,
    kind: p.kind,
    position: p.position,
    name: p.name,
    ...(username ? { username } : {}),
    ...(p.seal_id ? { sealId: p.seal_id } : {}),
    status: p.status,
    ...(p.signed_at ? { signedAt: p.signed_at } : {}),
    ...(p.decline_reason ? { declineReason: p.decline_reason } : {}),
    ...(p.certificate_subject ? { certificateSubject: p.certificate_subject } : {}),
    ...(p.custody ? { custody: p.custody } : {}),
    mine: actsFor(loaded, p, userId),
  };
}

/** The caller's view of several contracts, with three queries in all. */
export async function contractSummaries(
  db: Kysely<Database>,
  ids: readonly string[],
  userId: string,
): Promise<ContractSummary[]> {
  if (ids.length === 0) return [];
  const contracts = await db.selectFrom('contracts').selectAll().where('id', 'in', ids).execute();
  const parties = await db
    .selectFrom('contract_parties')
    .selectAll()
    .where('contract_id', 'in', ids)
    .orderBy('position')
    .execute();
  const people = [
    ...new Set([
      ...contracts.map((c) => c.initiator_id),
      ...parties.flatMap((p) => (p.user_id ? [p.user_id] : [])),
    ]),
  ];
  const accounts = await accountsByIds(db, people);
  const usernames = new Map([...accounts].map(([id, a]) => [id, a.username]));
  const byId = new Map(contracts.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const contract = byId.get(id);
    if (!contract) return [];
    const loaded = { contract, parties: parties.filter((p) => p.contract_id === id) };
    return [summary(loaded, userId, accounts.get(contract.initiator_id)?.displayName ?? '', usernames)];
  });
}

function summary(
  loaded: LoadedContract,
  userId: string,
  initiatorName: string,
  usernames: Map<string, string>,
): ContractSummary {
  const { contract } = loaded;
  const parties = loaded.parties.map((p) => partyView(loaded, p, userId, usernames));
  return {
    id: contract.id,
    title: contract.title,
    status: contract.status,
    order: contract.signing_order,
    initiator: initiatorName,
    initiatedByMe: contract.initiator_id === userId,
    createdAt: contract.created_at,
    ...(contract.deadline ? { deadline: contract.deadline } : {}),
    parties,
    awaitingMe: contract.status === 'signing' && parties.some((p) => p.mine && p.status === 'ready'),
  };
}

export async function contractDetail(
  db: Kysely<Database>,
  loaded: LoadedContract,
  userId: string,
): Promise<ContractDetail> {
  const [view] = await contractSummaries(db, [loaded.contract.id], userId);
  const events = await db
    .selectFrom('contract_events')
    .selectAll()
    .where('contract_id', '=', loaded.contract.id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return {
    ...view!,
    documentSha256: loaded.contract.current_sha256,
    ...(loaded.contract.void_reason ? { voidReason: loaded.contract.void_reason } : {}),
    events: events.map(
      (e): ContractEvent => ({
        at: e.at,
        kind: e.kind as ContractEvent['kind'],
        actor: e.actor,
        ...(e.party_id ? { partyId: e.party_id } : {}),
        ...(e.ip ? { ip: e.ip } : {}),
        ...(e.user_agent ? { userAgent: e.user_agent } : {}),
        documentSha256: e.document_sha256,
        ...(e.detail ? { detail: e.detail } : {}),
      }),
    ),
  };
}

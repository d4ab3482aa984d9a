// Reading contracts for one caller: only the initiator and the people among the parties see a
// contract; to anyone else it does not exist (ERR_CONTRACT_NOT_FOUND, never a 403 that would
// confirm it does).
import type {
  ContractDetail,
  ContractEvent,
  ContractParty,
  ContractSummary,
  ListContractsQuery,
} from '@openseal/contract';
import { type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { type KeysetCursor, pastCursor } from '../../db/keyset.ts';
import type { ContractPartyTable, ContractTable, Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { accountsByIds } from '../auth/accounts.ts';

export type ContractRow = Selectable<ContractTable>;
export type PartyRow = Selectable<ContractPartyTable>;

export interface LoadedContract {
  contract: ContractRow;
  parties: PartyRow[];
}

/** The contract and its parties in order, if `userId` is its initiator, one of its people or copied to it. */
export async function contractFor(db: Kysely<Database>, id: string, userId: string): Promise<LoadedContract> {
  const contract = await db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!contract) throw new AppError('ERR_CONTRACT_NOT_FOUND');
  const parties = await db
    .selectFrom('contract_parties')
    .selectAll()
    .where('contract_id', '=', id)
    .orderBy('position')
    .execute();
  if (contract.initiator_id !== userId && !parties.some((p) => p.user_id === userId)) {
    const watching = await db
      .selectFrom('contract_watchers')
      .select('user_id')
      .where('contract_id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!watching) throw new AppError('ERR_CONTRACT_NOT_FOUND');
  }
  return { contract, parties };
}

/** A page of contract ids, newest first, and the cursor of the next page. */
export interface ContractIdPage {
  ids: string[];
  next?: string;
}

/**
 * The contracts `userId` initiated or acts for (their person party; an initiator's organisation
 * parties), newest first. Each side is read in its index's order and cut at the page size, so a page
 * costs the same with a thousand contracts or a million; a title search or status filter reads on
 * until the page is full.
 */
export async function contractPage(
  db: Kysely<Database>,
  userId: string,
  query: ListContractsQuery,
): Promise<ContractIdPage> {
  const limit = query.limit ?? 50;
  const cursor = query.after ? readCursor(query.after) : undefined;
  const words = (query.q ?? '').split(/\s+/).filter(Boolean).map(likePattern);
  const matching = <Q extends SelectQueryBuilder<Database, 'contracts', object>>(q: Q): Q => {
    let out = q;
    for (const w of words) out = out.where(sql<SqlBool>`lower(contracts.title) like ${w} escape '\\'`) as Q;
    if (query.status) out = out.where('contracts.status', '=', query.status) as Q;
    if (query.awaitingMe) out = out.where('contracts.status', '=', 'signing') as Q;
    return out;
  };
  // Awaiting me: the parties the caller acts for that are ready (an initiator's organisations too);
  // otherwise the person parties that are the caller, the initiator's side read from contracts below.
  const acting = matching(
    db
      .selectFrom('contract_parties')
      .innerJoin('contracts', 'contracts.id', 'contract_parties.contract_id')
      .select(['contracts.id as id', 'contract_parties.created_at as createdAt'])
      .$if(query.awaitingMe === true, (q) =>
        q.where('contract_parties.actor_id', '=', userId).where('contract_parties.status', '=', 'ready'),
      )
      .$if(query.awaitingMe !== true, (q) => q.where('contract_parties.user_id', '=', userId))
      .$if(cursor !== undefined, (q) =>
        q.where(pastCursor('contract_parties.created_at', 'contract_parties.contract_id', cursor!, 'desc')),
      )
      .orderBy('contract_parties.created_at', 'desc')
      .orderBy('contract_parties.contract_id', 'desc')
      .limit(limit + 1),
  );
  const rows = [...(await acting.execute())];
  if (!query.awaitingMe) {
    const initiated = matching(
      db
        .selectFrom('contracts')
        .select(['contracts.id as id', 'contracts.created_at as createdAt'])
        .where('contracts.initiator_id', '=', userId)
        .$if(cursor !== undefined, (q) =>
          q.where(pastCursor('contracts.created_at', 'contracts.id', cursor!, 'desc')),
        )
        .orderBy('contracts.created_at', 'desc')
        .orderBy('contracts.id', 'desc')
        .limit(limit + 1),
    );
    rows.push(...(await initiated.execute()));
    const copied = matching(
      db
        .selectFrom('contract_watchers')
        .innerJoin('contracts', 'contracts.id', 'contract_watchers.contract_id')
        .select(['contracts.id as id', 'contract_watchers.created_at as createdAt'])
        .where('contract_watchers.user_id', '=', userId)
        .$if(cursor !== undefined, (q) =>
          q.where(
            pastCursor('contract_watchers.created_at', 'contract_watchers.contract_id', cursor!, 'desc'),
          ),
        )
        .orderBy('contract_watchers.created_at', 'desc')
        .orderBy('contract_watchers.contract_id', 'desc')
        .limit(limit + 1),
    );
    rows.push(...(await copied.execute()));
  }
  const seen = new Set<string>();
  const page = rows
    .sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    )
    .filter((r) => !seen.has(r.id) && seen.add(r.id));
  const items = page.slice(0, limit);
  const last = items.at(-1);
  return {
    ids: items.map((r) => r.id),
    ...(page.length > limit && last ? { next: writeCursor({ time: last.createdAt, id: last.id }) } : {}),
  };
}

/** A LIKE pattern for one word anywhere in the (lower-cased) title, its wildcards taken literally. */
function likePattern(word: string): string {
  return `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const writeCursor = (c: KeysetCursor): string => Buffer.from(`${c.time}|${c.id}`).toString('base64url');

function readCursor(text: string): KeysetCursor {
  const [time, id, extra] = Buffer.from(text, 'base64url').toString().split('|');
  if (!time || !id || extra !== undefined || Number.isNaN(Date.parse(time)))
    throw new AppError('ERR_VALIDATION', 'the page cursor is not one this server gave', ['after']);
  return { time, id };
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
    ...(p.identity
      ? { identity: p.identity, identityVerified: p.identity === 'campus' || !!p.identity_check }
      : {}),
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
  const watchers = await db
    .selectFrom('contract_watchers')
    .select(['contract_id', 'user_id'])
    .where('contract_id', 'in', ids)
    .execute();
  const people = [
    ...new Set([
      ...contracts.map((c) => c.initiator_id),
      ...parties.flatMap((p) => (p.user_id ? [p.user_id] : [])),
      ...watchers.map((w) => w.user_id),
    ]),
  ];
  const accounts = await accountsByIds(db, people);
  const usernames = new Map([...accounts].map(([id, a]) => [id, a.username]));
  const byId = new Map(contracts.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const contract = byId.get(id);
    if (!contract) return [];
    const loaded = { contract, parties: parties.filter((p) => p.contract_id === id) };
    const cc = watchers.flatMap((w) =>
      w.contract_id === id ? [accounts.get(w.user_id)?.displayName ?? w.user_id] : [],
    );
    return [summary(loaded, userId, accounts.get(contract.initiator_id)?.displayName ?? '', usernames, cc)];
  });
}

function summary(
  loaded: LoadedContract,
  userId: string,
  initiatorName: string,
  usernames: Map<string, string>,
  cc: string[],
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
    cc,
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
    ...(loaded.contract.void_proposed_at && loaded.contract.status === 'completed'
      ? {
          voidProposal: {
            reason: loaded.contract.void_reason ?? '',
            proposedAt: loaded.contract.void_proposed_at,
            agreed: events.flatMap((e) =>
              e.kind === 'void-agreed' && e.party_id && e.at >= loaded.contract.void_proposed_at!
                ? [e.party_id]
                : [],
            ),
          },
        }
      : {}),
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

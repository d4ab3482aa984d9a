// Who hears of what happens to a contract, for the messages worker: a party whose turn comes (or who
// is reminded) is asked to sign; when the contract ends (completed, declined, voided) or a void is
// proposed, its people, its initiator and those it is copied to are told. Read kind by kind in write
// order from the event trail, which is the one record of what happened.
import type { Kysely } from 'kysely';
import { pastCursor } from '../../db/keyset.ts';
import type { Database } from '../../db/schema.ts';
import { accountsByIds } from '../auth/accounts.ts';

export type ContractUpdate = 'completed' | 'declined' | 'voided' | 'void-proposed';

export interface ContractNotice {
  /** The event's id: one source row. */
  eventId: string;
  at: string;
  userId: string;
  contractId: string;
  title: string;
  /** Absent: the person is asked to sign or stamp. */
  update?: ContractUpdate;
}

const TURN_KINDS = ['created', 'signed', 'sealed', 'reminded'] as const;
const UPDATE_KINDS = ['completed', 'declined', 'voided', 'void-proposed'] as const;
const KINDS = [...TURN_KINDS, ...UPDATE_KINDS];

export interface NoticeEventRow {
  id: string;
  at: string;
}

/** The events after (`at`, `id`) that may tell someone something, in write order, at most `limit`. */
export async function contractNoticeEventsAfter(
  db: Kysely<Database>,
  after: { at: string; id: string },
  limit: number,
): Promise<NoticeEventRow[]> {
  const pages = await Promise.all(
    KINDS.map((kind) =>
      db
        .selectFrom('contract_events')
        .select(['id', 'at'])
        .where('kind', '=', kind)
        .where(pastCursor('at', 'id', { time: after.at, id: after.id }))
        .orderBy('at')
        .orderBy('id')
        .limit(limit)
        .execute(),
    ),
  );
  return pages
    .flat()
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1))
    .slice(0, limit);
}

/** The notices the events of `eventIds` call for. */
export async function contractNotices(
  db: Kysely<Database>,
  eventIds: readonly string[],
): Promise<ContractNotice[]> {
  if (eventIds.length === 0) return [];
  const events = await db.selectFrom('contract_events').selectAll().where('id', 'in', eventIds).execute();
  const contractIds = [...new Set(events.map((e) => e.contract_id))];
  if (contractIds.length === 0) return [];
  const [contracts, parties, watchers] = await Promise.all([
    db.selectFrom('contracts').selectAll().where('id', 'in', contractIds).execute(),
    db.selectFrom('contract_parties').selectAll().where('contract_id', 'in', contractIds).execute(),
    db.selectFrom('contract_watchers').selectAll().where('contract_id', 'in', contractIds).execute(),
  ]);
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const accounts = await accountsByIds(db, [
    ...contracts.map((c) => c.initiator_id),
    ...parties.flatMap((p) => (p.user_id ? [p.user_id] : [])),
  ]);
  const notices: ContractNotice[] = [];
  for (const e of events) {
    const contract = byId.get(e.contract_id);
    if (!contract) continue;
    const own = parties.filter((p) => p.contract_id === contract.id).sort((a, b) => a.position - b.position);
    const people = own.flatMap((p) => (p.user_id ? [p.user_id] : []));
    const copied = watchers.filter((w) => w.contract_id === contract.id).map((w) => w.user_id);
    const tell = (userIds: readonly string[], update?: ContractUpdate) => {
      for (const userId of new Set(userIds)) {
        // Nobody is told of what they did themselves.
        if (accounts.get(userId)?.username === e.actor) continue;
        notices.push({
          eventId: e.id,
          at: e.at,
          userId,
          contractId: contract.id,
          title: contract.title,
          ...(update ? { update } : {}),
        });
      }
    };
    const actorOf = (p: (typeof own)[number]) => p.actor_id;
    switch (e.kind) {
      case 'created':
        tell((contract.signing_order === 'parallel' ? own : own.slice(0, 1)).map(actorOf));
        break;
      case 'signed':
      case 'sealed': {
        if (contract.signing_order !== 'sequential') break;
        const at = own.findIndex((p) => p.id === e.party_id);
        const next = at >= 0 ? own[at + 1] : undefined;
        if (next) tell([actorOf(next)]);
        break;
      }
      case 'reminded': {
        const party = own.find((p) => p.id === e.party_id);
        if (party) tell([actorOf(party)]);
        break;
      }
      case 'void-proposed':
        tell(people, 'void-proposed');
        break;
      case 'completed':
      case 'declined':
      case 'voided':
        tell([contract.initiator_id, ...people, ...copied], e.kind);
        break;
    }
  }
  return notices;
}

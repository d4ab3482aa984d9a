// Where messages come from: the approval notices (written with each transition) and the integration
// outbox (credential issued, risk alert raised). Each source is read in write order, and each row
// becomes the messages it calls for: who is told, of what kind, with which facts.
import { ROLE_PERMISSIONS, ROLES } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { noticesAfter, requestUnitId } from '../approvals/notification-feed.ts';
import { displayNames } from '../auth/accounts.ts';
import { accountIdByUsername } from '../auth/message-contacts.ts';
import { contractNoticeEventsAfter, contractNotices } from '../contracts/contract-notices.ts';
import { credentialSubject } from '../credentials/credential-subjects.ts';
import { eventsAfter } from '../integrations/events/outbox.ts';
import { rootUnitId, unitPath } from '../org/org-service.ts';
import { sealOwnerUnit } from '../seals/seals-service.ts';
import { grantsOfRoles } from '../users/user-reads.ts';
import type { Decision, MessageFacts, WaitingReason } from './message-texts.ts';

/** One message to queue: to whom, from which source row, with what facts. */
export interface PlannedMessage {
  sourceKey: string;
  userId: string;
  facts: MessageFacts;
}

/** A source row as the reader pages through it. */
export interface SourceRow {
  /** Unique across sources: "notification:<id>", "event:<id>". */
  key: string;
  id: string;
  createdAt: string;
}

/** One page of a source: its rows, and the messages the fresh ones among them call for. */
export interface SourcePage {
  rows: SourceRow[];
  /** Plans the rows whose keys are in `fresh` (the others were turned into messages before). */
  plan(fresh: ReadonlySet<string>): Promise<PlannedMessage[]>;
}

export interface MessageSource {
  name: string;
  /** Rows written after (`at`, `id`), in (created_at, id) order, at most `limit`. */
  page(db: Kysely<Database>, after: { at: string; id: string }, limit: number): Promise<SourcePage>;
}

function messageSource<R extends SourceRow>(
  name: string,
  read: (db: Kysely<Database>, after: { at: string; id: string }, limit: number) => Promise<R[]>,
  plan: (db: Kysely<Database>, rows: readonly R[]) => Promise<PlannedMessage[]>,
): MessageSource {
  return {
    name,
    async page(db, after, limit) {
      const rows = await read(db, after, limit);
      return {
        rows,
        plan: (fresh) =>
          plan(
            db,
            rows.filter((r) => fresh.has(r.key)),
          ),
      };
    },
  };
}

const WAITING: ReadonlySet<string> = new Set<WaitingReason>(['pending', 'reminder', 'overdue', 'escalated']);
const DECIDED: ReadonlySet<string> = new Set<Decision>(['approved', 'rejected', 'returned']);

type NoticeRow = SourceRow & Awaited<ReturnType<typeof noticesAfter>>[number];

/**
 * Approval notices: a request waiting (new, reminded, overdue, escalated) tells its approvers; a
 * decision (approved, rejected, returned) tells the requester. A withdrawal stays in the console's
 * bell only: it asks nothing of anyone.
 */
export const approvalNotices = messageSource<NoticeRow>(
  'approval-notices',
  async (db, after, limit) => {
    const rows = await noticesAfter(db, after, limit);
    return rows.map((r) => ({ ...r, key: `notification:${r.id}` }));
  },
  async (db, rows) => {
    const names = await displayNames(
      db,
      rows.map((r) => r.requesterId),
    );
    return rows.flatMap((r): PlannedMessage[] => {
      const path = `/requests/${encodeURIComponent(r.requestId)}`;
      if (WAITING.has(r.reason))
        return [
          {
            sourceKey: r.key,
            userId: r.userId,
            facts: {
              kind: 'approval.waiting',
              path,
              title: r.requestTitle,
              requester: names.get(r.requesterId) ?? '',
              reason: r.reason as WaitingReason,
            },
          },
        ];
      if (DECIDED.has(r.reason))
        return [
          {
            sourceKey: r.key,
            userId: r.userId,
            facts: { kind: 'request.decided', path, title: r.requestTitle, decision: r.reason as Decision },
          },
        ];
      return [];
    });
  },
);

type EventRow = SourceRow & { type: string; data: Record<string, unknown> };

/**
 * The roles told of a risk alert in its unit or above: those who may read alerts (the security
 * admin). A role that cannot open the alert list is not mailed what is in it (三员分立).
 */
const ALERT_ROLES = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('risk.read'));

/** The unit an alert concerns: its seal's, else its request's, else the school's. */
async function alertUnit(db: Kysely<Database>, data: Record<string, unknown>): Promise<string> {
  if (typeof data['sealId'] === 'string') {
    const unit = await sealOwnerUnit(db, data['sealId']).catch(() => undefined);
    if (unit) return unit;
  }
  if (typeof data['requestId'] === 'string') {
    const unit = await requestUnitId(db, data['requestId']);
    if (unit) return unit;
  }
  return rootUnitId(db);
}

async function planEvent(db: Kysely<Database>, row: EventRow): Promise<PlannedMessage[]> {
  if (row.type === 'credential.issued') {
    const subject = await credentialSubject(db, String(row.data['credentialId']));
    const userId = subject && (await accountIdByUsername(db, subject.subjectUsername));
    if (!subject || !userId) return [];
    return [
      {
        sourceKey: row.key,
        userId,
        facts: {
          kind: 'credential.ready',
          path: '/portal',
          typeNameZh: subject.typeNameZh,
          typeNameEn: subject.typeNameEn,
        },
      },
    ];
  }
  if (row.type === 'risk.alert_raised') {
    const path = new Set(await unitPath(db, await alertUnit(db, row.data)));
    const holders = (await grantsOfRoles(db, ALERT_ROLES)).filter((g) => path.has(g.orgUnitId));
    const severity = row.data['severity'];
    return [...new Set(holders.map((g) => g.userId))].map((userId) => ({
      sourceKey: row.key,
      userId,
      facts: {
        kind: 'risk.alert',
        path: '/alerts',
        rule: String(row.data['rule']),
        severity: severity === 'low' || severity === 'medium' ? severity : 'high',
      },
    }));
  }
  return [];
}

/** Outbox events: a credential issued tells its subject; a risk alert tells the unit's reviewers. */
export const outboxEvents = messageSource<EventRow>(
  'outbox-events',
  async (db, after, limit) => {
    const rows = await eventsAfter(db, ['credential.issued', 'risk.alert_raised'], after, limit);
    return rows.map((r) => ({
      key: `event:${r.id}`,
      id: r.id,
      createdAt: r.created_at,
      type: r.type,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  },
  async (db, rows) => {
    const planned: PlannedMessage[] = [];
    for (const row of rows) planned.push(...(await planEvent(db, row)));
    return planned;
  },
);

/**
 * Contract events: a party whose turn comes or who is reminded is asked to sign; the end of a contract
 * and a proposed void reach its people, initiator and those copied (contract-notices.ts decides who).
 */
export const contractNoticeSource = messageSource<SourceRow>(
  'contract-events',
  async (db, after, limit) => {
    const rows = await contractNoticeEventsAfter(db, after, limit);
    return rows.map((r) => ({ key: `contract-event:${r.id}`, id: r.id, createdAt: r.at }));
  },
  async (db, rows) => {
    const byId = new Map(rows.map((r) => [r.id, r.key]));
    const notices = await contractNotices(db, [...byId.keys()]);
    return notices.map((n): PlannedMessage => {
      const path = `/contracts/${encodeURIComponent(n.contractId)}`;
      return {
        sourceKey: byId.get(n.eventId)!,
        userId: n.userId,
        facts: n.update
          ? { kind: 'contract.update', path, title: n.title, update: n.update }
          : { kind: 'contract.sign', path, title: n.title },
      };
    });
  },
);

/** Every source the worker reads. */
export const MESSAGE_SOURCES: readonly MessageSource[] = [
  approvalNotices,
  outboxEvents,
  contractNoticeSource,
];

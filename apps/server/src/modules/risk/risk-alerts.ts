import { randomUUID } from 'node:crypto';
import type {
  ListRiskAlertsQuery,
  RiskAlert,
  RiskAlertNote,
  RiskAlertStatus,
  RiskRuleId,
} from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import { pastCursor } from '../../db/keyset.ts';
import type { Database, RiskAlertTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import { recordEvent, riskAlertRaised } from '../integrations/events/business-events.ts';
import type { RiskFinding } from './risk-finding.ts';

/** Who acted when the rule fired (null fields for a job), for the audit entry. */
export type RiskWho = Pick<AuditEvent, 'actor' | 'role' | 'org' | 'requestId'>;

/** What the findings are about; each becomes a column of the alert. */
export interface RiskContext {
  actor: RiskWho;
  sealId?: string | null;
  userId?: string | null;
  /** The seal-use request concerned (not the HTTP request id, which is in `actor`). */
  requestId?: string | null;
  documentSha256?: string | null;
}

type AlertRow = Selectable<RiskAlertTable> & {
  seal_name?: string | null;
  user_name?: string | null;
  request_title?: string | null;
};

export function alertFromRow(row: AlertRow): RiskAlert {
  return {
    id: row.id,
    rule: row.rule as RiskRuleId,
    severity: row.severity,
    status: row.status,
    sealId: row.seal_id,
    sealName: row.seal_name ?? null,
    userId: row.user_id,
    userName: row.user_name ?? null,
    requestId: row.request_id,
    requestTitle: row.request_title ?? null,
    documentSha256: row.document_sha256,
    details: JSON.parse(row.details),
    notes: JSON.parse(row.notes),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The audit object an alert is filed under: its seal (so it shows in the seal's trajectory) when known. */
function auditObject(ctx: RiskContext, alertId: string): string {
  if (ctx.sealId) return `seal:${ctx.sealId}`;
  if (ctx.userId) return `user:${ctx.userId}`;
  if (ctx.requestId) return `request:${ctx.requestId}`;
  return `risk-alert:${alertId}`;
}

/** How many raised dedupe keys a database's memo holds before it starts again. */
const KNOWN_KEYS = 10_000;

/**
 * The dedupe keys a database is known to hold an alert for, so a finding that repeats on every stamp
 * of a busy night (off-hours, burst) skips its insert. Alerts are never deleted, so a key once known
 * stays true. An insert that meets an existing alert makes the key known, unless the alert was
 * written in that same transaction, which may still roll back.
 */
export class KnownAlerts {
  readonly #keys = new Set<string>();
  readonly #writtenIn = new WeakMap<Kysely<Database>, Set<string>>();

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  wrote(trx: Kysely<Database>, key: string): void {
    const keys = this.#writtenIn.get(trx) ?? new Set<string>();
    keys.add(key);
    this.#writtenIn.set(trx, keys);
  }

  met(trx: Kysely<Database>, key: string): void {
    if (this.#writtenIn.get(trx)?.has(key)) return;
    if (this.#keys.size >= KNOWN_KEYS) this.#keys.clear();
    this.#keys.add(key);
  }
}

const knownByDatabase = new WeakMap<Kysely<Database>, KnownAlerts>();

/** The memo of raised dedupe keys of the database `db` (its root handle, not a transaction). */
export function knownAlerts(db: Kysely<Database>): KnownAlerts {
  let known = knownByDatabase.get(db);
  if (!known) {
    known = new KnownAlerts();
    knownByDatabase.set(db, known);
  }
  return known;
}

/**
 * Records each finding as an open alert for the security admin, with its 'risk.alert' audit entry,
 * in the caller's transaction (pass `trx`; given the database it opens one). A finding with a
 * dedupe key already raised records nothing (nor touches the database when `known` knows the key).
 * Returns the alerts written.
 *
 * A caller that then refuses the action (riskBlocks) must commit this first: throwing inside the
 * same transaction would roll the alert back with it.
 */
export async function recordRiskFindings(
  db: Kysely<Database>,
  findings: readonly RiskFinding[],
  ctx: RiskContext,
  clock: () => Date,
  known?: KnownAlerts,
): Promise<RiskAlert[]> {
  if (findings.length === 0) return [];
  if (!db.isTransaction)
    return db.transaction().execute((trx) => recordRiskFindings(trx, findings, ctx, clock, known));
  const written: RiskAlert[] = [];
  for (const finding of findings) {
    const key = finding.dedupeKey === undefined ? undefined : `${finding.rule}\u0000${finding.dedupeKey}`;
    if (key !== undefined && known?.has(key)) continue;
    const now = clock().toISOString();
    const row: Selectable<RiskAlertTable> = {
      id: randomUUID(),
      rule: finding.rule,
      severity: finding.severity,
      status: 'open',
      seal_id: ctx.sealId ?? null,
      user_id: ctx.userId ?? null,
      request_id: ctx.requestId ?? null,
      document_sha256: ctx.documentSha256 ?? null,
      details: JSON.stringify({ ...finding.details, action: finding.action }),
      notes: '[]',
      dedupe_key: finding.dedupeKey ?? null,
      created_at: now,
      updated_at: now,
    };
    const inserted = await db
      .insertInto('risk_alerts')
      .values(row)
      .onConflict((oc) => oc.columns(['rule', 'dedupe_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      if (key !== undefined) known?.met(db, key);
      continue;
    }
    if (key !== undefined) known?.wrote(db, key);
    await recordEvent(db, riskAlertRaised(row), new Date(now));
    await appendAudit(
      db,
      {
        ...ctx.actor,
        action: 'risk.alert',
        object: auditObject(ctx, row.id),
        outcome: finding.action === 'block' ? 'denied' : 'success',
      },
      { clock },
    );
    written.push(alertFromRow(row));
  }
  return written;
}

/**
 * Alerts newest first, filtered; `after` is the last id of the previous page. Seals, people and
 * requests are named by the caller (reports/risk-alert-list.ts asks their owners).
 */
export async function riskAlertPage(db: Kysely<Database>, q: ListRiskAlertsQuery): Promise<RiskAlert[]> {
  let query = db.selectFrom('risk_alerts as a').selectAll('a');
  if (q.status) query = query.where('a.status', '=', q.status);
  if (q.rule) query = query.where('a.rule', '=', q.rule);
  if (q.from) query = query.where('a.created_at', '>=', new Date(q.from).toISOString());
  if (q.to) query = query.where('a.created_at', '<', new Date(q.to).toISOString());
  if (q.after) {
    const cursor = await db
      .selectFrom('risk_alerts')
      .select(['id', 'created_at'])
      .where('id', '=', q.after)
      .executeTakeFirst();
    if (!cursor) throw new AppError('ERR_NOT_FOUND', `risk alert ${q.after} not found`);
    query = query.where(
      pastCursor('a.created_at', 'a.id', { time: cursor.created_at, id: cursor.id }, 'desc'),
    );
  }
  const rows = await query
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(q.limit ?? 100)
    .execute();
  return rows.map(alertFromRow);
}

/** The alerts raised about one request, oldest first, as its page shows them. */
export async function alertsOfRequest(
  db: Kysely<Database>,
  requestId: string,
): Promise<Pick<RiskAlert, 'rule' | 'severity' | 'details' | 'createdAt'>[]> {
  const rows = await db
    .selectFrom('risk_alerts')
    .select(['rule', 'severity', 'details', 'created_at'])
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute();
  return rows.map((a) => ({
    rule: a.rule as RiskRuleId,
    severity: a.severity,
    details: JSON.parse(a.details),
    createdAt: a.created_at,
  }));
}

/** Alerts about `sealIds` raised in [start, end), counted per rule (the reports' figure). */
export async function alertCountsByRule(
  db: Kysely<Database>,
  r: { sealIds: readonly string[]; start: string; end: string },
): Promise<{ rule: string; count: number }[]> {
  if (r.sealIds.length === 0) return [];
  const rows = await db
    .selectFrom('risk_alerts')
    .where('created_at', '>=', r.start)
    .where('created_at', '<', r.end)
    .where('seal_id', 'in', [...r.sealIds])
    .select((eb) => ['rule', eb.fn.countAll<number | string>().as('n')])
    .groupBy('rule')
    .execute();
  return rows.map((row) => ({ rule: row.rule, count: Number(row.n) }));
}

/** Which statuses each step may leave: acknowledging an open alert, resolving any unresolved one. */
const FROM: Record<'acknowledged' | 'resolved', readonly RiskAlertStatus[]> = {
  acknowledged: ['open'],
  resolved: ['open', 'acknowledged'],
};

/** Acknowledges or resolves an alert with the admin's note, audited in the same transaction. */
export async function changeRiskAlert(
  db: Kysely<Database>,
  id: string,
  to: 'acknowledged' | 'resolved',
  note: string,
  who: RiskWho & { actor: string },
  clock: () => Date,
): Promise<RiskAlert> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('risk_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('ERR_NOT_FOUND', `risk alert ${id} not found`);
    if (!FROM[to].includes(row.status)) {
      throw new AppError('ERR_RISK_ALERT_STATE', `alert ${id} is ${row.status}; cannot be ${to}`);
    }
    const now = clock().toISOString();
    const notes: RiskAlertNote[] = [...JSON.parse(row.notes), { at: now, by: who.actor, text: note }];
    const changed = await trx
      .updateTable('risk_alerts')
      .set({ status: to, notes: JSON.stringify(notes), updated_at: now })
      .where('id', '=', id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new AppError('ERR_RISK_ALERT_STATE', 'changed meanwhile');
    await appendAudit(
      trx,
      {
        ...who,
        action: to === 'acknowledged' ? 'risk.alert.acknowledge' : 'risk.alert.resolve',
        object: `risk-alert:${id}`,
        outcome: 'success',
      },
      { clock },
    );
    return alertFromRow({ ...row, status: to, notes: JSON.stringify(notes), updated_at: now });
  });
}

import { randomUUID } from 'node:crypto';
import {
  type RiskHoliday,
  type RiskRule,
  type RiskRuleId,
  riskRuleParamsValid,
  type SensitiveWord,
  type UpdateRiskRuleBody,
} from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { RiskWho } from './risk-alerts.ts';
import { loadRiskRule, loadRiskRules, ruleView } from './risk-config.ts';
import { matchForm } from './sensitive-words.ts';

export async function listRiskRules(db: Kysely<Database>, timeZone: string): Promise<RiskRule[]> {
  const configs = await loadRiskRules(db, timeZone);
  return (Object.keys(configs) as RiskRuleId[]).map((id) => ruleView(id, configs[id]));
}

/** Replaces a rule's settings; its parameters must fit that rule's schema. */
export async function updateRiskRule(
  db: Kysely<Database>,
  id: RiskRuleId,
  body: UpdateRiskRuleBody,
  who: RiskWho,
  clock: () => Date,
): Promise<RiskRule> {
  if (!riskRuleParamsValid(id, body.params))
    throw new AppError('ERR_RISK_RULE_PARAMS', `bad parameters for ${id}`);
  if (id === 'off-hours') {
    const params = body.params as { timezone: string; start: string; end: string };
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: params.timezone });
    } catch {
      throw new AppError('ERR_RISK_RULE_PARAMS', `unknown time zone ${params.timezone}`, [
        '/params/timezone',
      ]);
    }
    if (params.start >= params.end) {
      throw new AppError('ERR_RISK_RULE_PARAMS', 'the working day must start before it ends', [
        '/params/end',
      ]);
    }
  }
  const now = clock().toISOString();
  const row = {
    id,
    enabled: body.enabled ? 1 : 0,
    action: body.action,
    params: JSON.stringify(body.params),
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('risk_rules')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          enabled: row.enabled,
          action: row.action,
          params: row.params,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    await appendAudit(
      trx,
      { ...who, action: 'risk.rule.update', object: `risk-rule:${id}`, outcome: 'success' },
      { clock },
    );
  });
  return ruleView(id, await loadRiskRule(db, id));
}

const wordView = (r: { id: string; word: string; created_at: string; created_by: string | null }) => ({
  id: r.id,
  word: r.word,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export async function listSensitiveWords(db: Kysely<Database>): Promise<SensitiveWord[]> {
  const rows = await db
    .selectFrom('risk_sensitive_words')
    .selectAll()
    .orderBy('created_at')
    .orderBy('word')
    .execute();
  return rows.map(wordView);
}

/** Adds a word; one that matches an existing word (ignoring case and whitespace) is refused. */
export async function addSensitiveWord(
  db: Kysely<Database>,
  word: string,
  who: RiskWho & { actor: string },
  clock: () => Date,
): Promise<SensitiveWord> {
  const trimmed = word.trim();
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('risk_sensitive_words').select('word').execute();
    if (existing.some((w) => matchForm(w.word) === matchForm(trimmed))) {
      throw new AppError('ERR_RISK_WORD_EXISTS');
    }
    const row = { id: randomUUID(), word: trimmed, created_at: clock().toISOString(), created_by: who.actor };
    await trx.insertInto('risk_sensitive_words').values(row).execute();
    // The word itself stays out of the audit log's object: the list is the security admin's to read.
    await appendAudit(
      trx,
      { ...who, action: 'risk.word.add', object: `risk-word:${row.id}`, outcome: 'success' },
      { clock },
    );
    return wordView(row);
  });
}

export async function deleteSensitiveWord(
  db: Kysely<Database>,
  id: string,
  who: RiskWho,
  clock: () => Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('risk_sensitive_words').where('id', '=', id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1)
      throw new AppError('ERR_NOT_FOUND', `sensitive word ${id} not found`);
    await appendAudit(
      trx,
      { ...who, action: 'risk.word.delete', object: `risk-word:${id}`, outcome: 'success' },
      { clock },
    );
  });
}

export async function listRiskHolidays(db: Kysely<Database>): Promise<RiskHoliday[]> {
  const rows = await db.selectFrom('risk_holidays').selectAll().orderBy('date').execute();
  return rows.map((r) => ({ date: r.date, name: r.name, workday: Number(r.workday) === 1 }));
}

/** The calendar's entry for one local date (a holiday, or a make-up workday), if any. */
export async function holidayOn(db: Kysely<Database>, date: string): Promise<RiskHoliday | undefined> {
  const row = await db
    .selectFrom('risk_holidays')
    .select(['date', 'name', 'workday'])
    .where('date', '=', date)
    .executeTakeFirst();
  return row && { date: row.date, name: row.name, workday: Number(row.workday) === 1 };
}

/** Replaces the whole holiday calendar (holidays and make-up workdays) in one audited transaction. */
export async function replaceRiskHolidays(
  db: Kysely<Database>,
  holidays: readonly RiskHoliday[],
  who: RiskWho,
  clock: () => Date,
): Promise<RiskHoliday[]> {
  const seen = new Set<string>();
  const problems: string[] = [];
  holidays.forEach((h, i) => {
    if (seen.has(h.date)) problems.push(`/holidays/${i}/date ${h.date} is listed twice`);
    seen.add(h.date);
    const d = new Date(`${h.date}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== h.date) {
      problems.push(`/holidays/${i}/date ${h.date} is not a calendar date`);
    }
  });
  if (problems.length > 0) throw new AppError('ERR_VALIDATION', 'bad holiday calendar', problems);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('risk_holidays').execute();
    if (holidays.length > 0) {
      await trx
        .insertInto('risk_holidays')
        .values(holidays.map((h) => ({ date: h.date, name: h.name, workday: h.workday ? 1 : 0 })))
        .execute();
    }
    await appendAudit(
      trx,
      { ...who, action: 'risk.holidays.replace', object: 'risk-holidays', outcome: 'success' },
      { clock },
    );
  });
  return listRiskHolidays(db);
}

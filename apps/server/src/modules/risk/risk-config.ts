import {
  RISK_RULE_IDS,
  type RiskAction,
  type RiskRule,
  type RiskRuleId,
  type RiskRuleParams,
} from '@openseal/contract';
import type { Kysely } from 'kysely';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import type { Database } from '../../db/schema.ts';

/** A rule's settings as the rule functions read them. */
export interface RiskRuleConfig<K extends RiskRuleId = RiskRuleId> {
  enabled: boolean;
  action: RiskAction;
  params: RiskRuleParams[K];
  /** Null while the rule runs with its defaults. */
  updatedAt: string | null;
}

export type RiskRuleConfigs = { [K in RiskRuleId]: RiskRuleConfig<K> };

/**
 * What each rule does until the security admin changes it. Every rule is on and only alerts, except
 * a stamped file that is not the approved one, which is refused.
 */
export const DEFAULT_RISK_RULES: { [K in RiskRuleId]: Omit<RiskRuleConfig<K>, 'updatedAt'> } = {
  'sensitive-words': { enabled: true, action: 'alert', params: {} },
  quota: { enabled: true, action: 'alert', params: { warnLastUse: true } },
  'off-hours': {
    enabled: true,
    action: 'alert',
    params: { timezone: 'Asia/Shanghai', workdays: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
  },
  burst: {
    enabled: true,
    action: 'alert',
    params: { perUser: { count: 20, minutes: 10 }, perSeal: { count: 100, minutes: 10 } },
  },
  'cross-unit': { enabled: true, action: 'alert', params: {} },
  'repeated-rejections': { enabled: true, action: 'alert', params: { count: 3, days: 30 } },
  'certificate-expiry': { enabled: true, action: 'alert', params: { days: 30 } },
  'file-mismatch': { enabled: true, action: 'block', params: {} },
};

/** A rule's defaults; off-hours are judged in the school's time zone until the rule names another. */
function defaultRule<K extends RiskRuleId>(id: K, timeZone: string): RiskRuleConfig<K> {
  const rule = { ...DEFAULT_RISK_RULES[id], updatedAt: null } as RiskRuleConfig<K>;
  if (id === 'off-hours') rule.params = { ...rule.params, timezone: timeZone };
  return rule;
}

/** Every rule's settings: its stored row, or its defaults when it has none. */
export async function loadRiskRules(
  db: Kysely<Database>,
  timeZone: string = DEFAULT_TIME_ZONE,
): Promise<RiskRuleConfigs> {
  const rows = await db.selectFrom('risk_rules').selectAll().execute();
  const configs = {} as Record<RiskRuleId, RiskRuleConfig>;
  for (const id of RISK_RULE_IDS) configs[id] = defaultRule(id, timeZone);
  for (const row of rows) {
    if (!(RISK_RULE_IDS as readonly string[]).includes(row.id)) continue;
    configs[row.id as RiskRuleId] = {
      enabled: Number(row.enabled) === 1,
      action: row.action,
      params: JSON.parse(row.params),
      updatedAt: row.updated_at,
    };
  }
  return configs as RiskRuleConfigs;
}

/** One rule's settings. */
export async function loadRiskRule<K extends RiskRuleId>(
  db: Kysely<Database>,
  id: K,
  timeZone: string = DEFAULT_TIME_ZONE,
): Promise<RiskRuleConfig<K>> {
  const row = await db.selectFrom('risk_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return defaultRule(id, timeZone);
  return {
    enabled: Number(row.enabled) === 1,
    action: row.action,
    params: JSON.parse(row.params),
    updatedAt: row.updated_at,
  };
}

export function ruleView<K extends RiskRuleId>(id: K, config: RiskRuleConfig<K>): RiskRule {
  return {
    id,
    enabled: config.enabled,
    action: config.action,
    params: config.params,
    updatedAt: config.updatedAt,
  };
}

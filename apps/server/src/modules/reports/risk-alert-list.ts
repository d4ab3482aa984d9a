// The security admin's list of risk alerts, each named: its seal, its person and its request. Risk
// keeps the alerts (and sits below approvals, which calls its rules), so the names are put on here,
// above every domain that owns one.
import type { ListRiskAlertsQuery, RiskAlert } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { requestTitles } from '../approvals/request-reads.ts';
import { displayNames } from '../auth/accounts.ts';
import { riskAlertPage } from '../risk/risk-alerts.ts';
import { sealNames } from '../seals/seal-reads.ts';

/** A page of alerts (filtered and paged by risk), named with one batched call per owning domain. */
export async function listRiskAlerts(db: Kysely<Database>, q: ListRiskAlertsQuery): Promise<RiskAlert[]> {
  const alerts = await riskAlertPage(db, q);
  const ids = (key: 'sealId' | 'userId' | 'requestId') =>
    alerts.flatMap((a) => (a[key] === null ? [] : [a[key]]));
  const [seals, users, requests] = await Promise.all([
    sealNames(db, ids('sealId')),
    displayNames(db, ids('userId')),
    requestTitles(db, ids('requestId')),
  ]);
  return alerts.map((a) => ({
    ...a,
    sealName: a.sealId === null ? null : (seals.get(a.sealId) ?? null),
    userName: a.userId === null ? null : (users.get(a.userId) ?? null),
    requestTitle: a.requestId === null ? null : (requests.get(a.requestId) ?? null),
  }));
}

import type { DocumentType } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { unitPaths } from '../org/org-service.ts';
import { burstFindings, windowStart } from '../risk/burst.ts';
import { crossUnitFinding } from '../risk/cross-unit.ts';
import { localTime, offHoursFinding } from '../risk/off-hours.ts';
import { loadRiskRules } from '../risk/risk-config.ts';
import type { RiskFinding } from '../risk/risk-finding.ts';
import { holidayOn, listSensitiveWords } from '../risk/risk-service.ts';
import { sensitiveWordsFinding } from '../risk/sensitive-words.ts';
import { countRecentUses } from './ledger-reads.ts';

export interface UseRiskInput {
  sealId: string;
  userId: string;
  /** The user's home unit. */
  unitId: string;
  sealOwnerUnitId: string;
  documentType: DocumentType;
  /**
   * The document's extracted text, or how to get it (called only when the word rule is on and the
   * list is not empty, so an unused rule costs no extraction); null: not available, the rule is skipped.
   */
  text: string | null | (() => Promise<string | null>);
  now: Date;
  /** Before approval (the request is made) or before stamping (the key is about to be used). */
  stage: 'approval' | 'stamping';
  requestId?: string;
  /** The school's time zone (OPENSEAL_TIME_ZONE): off-hours are judged in it unless the rule names another. */
  timeZone?: string;
}

// The risk rules that look at one seal use, evaluated by the seal step (and by approvals before a
// use is approved). Here rather than in risk because the burst rule counts the document ledger: risk
// holds the rules, their settings and the alerts, and sits below the seal step.

/**
 * The rules that look at one seal use: sensitive words, off-hours, burst and cross-unit, with their
 * stored settings. Reads only; the caller records the findings (recordRiskFindings) and refuses
 * on riskBlocks(). Call before the use's ledger row is written: the current use is counted by the
 * burst rule itself.
 */
export async function evaluateUseRisk(db: Kysely<Database>, input: UseRiskInput): Promise<RiskFinding[]> {
  const rules = await loadRiskRules(db, input.timeZone);
  const findings: (RiskFinding | null)[] = [];

  const words = rules['sensitive-words'];
  if (words.enabled && input.text !== null) {
    const list = await listSensitiveWords(db);
    const text =
      list.length === 0 ? null : typeof input.text === 'function' ? await input.text() : input.text;
    if (text !== null) {
      findings.push(
        sensitiveWordsFinding(
          words,
          text,
          list.map((w) => w.word),
          input.stage,
        ),
      );
    }
  }

  const hours = rules['off-hours'];
  if (hours.enabled) {
    const local = localTime(input.now, hours.params.timezone);
    findings.push(offHoursFinding(hours, local, (await holidayOn(db, local.date)) ?? null));
  }

  const burst = rules.burst;
  if (burst.enabled) {
    const { perUser, perSeal } = burst.params;
    const [byUser, bySeal] = await Promise.all([
      countRecentUses(
        db,
        'user_id',
        input.userId,
        windowStart(input.now, perUser.minutes),
        input.now,
        perUser.count,
      ),
      countRecentUses(
        db,
        'seal_id',
        input.sealId,
        windowStart(input.now, perSeal.minutes),
        input.now,
        perSeal.count,
      ),
    ]);
    findings.push(...burstFindings(burst, { byUser, bySeal }));
  }

  const cross = rules['cross-unit'];
  if (cross.enabled) {
    const paths = await unitPaths(db, [input.unitId, input.sealOwnerUnitId]);
    const userPath = paths.get(input.unitId);
    const ownerPath = paths.get(input.sealOwnerUnitId);
    if (userPath !== undefined && ownerPath !== undefined) {
      findings.push(
        crossUnitFinding(
          cross,
          { unitId: input.unitId, path: userPath },
          { unitId: input.sealOwnerUnitId, path: ownerPath },
        ),
      );
    }
  }

  return findings
    .filter((f): f is RiskFinding => f !== null)
    .map((f) => ({
      ...f,
      details: { ...f.details, stage: input.stage, documentType: input.documentType },
      ...dedupe(f, input),
    }));
}

/**
 * One alert per cause per request: a request checked before approval and again before stamping
 * raises each rule's alert once (the second check still blocks when its rule blocks: blocking reads
 * the findings, not the alerts). Uses outside requests that fire on every use of a busy night or
 * burst raise one alert per user and seal per day (off-hours) or per window (burst); every use is
 * still in the audit log.
 */
function dedupe(f: RiskFinding, input: UseRiskInput): { dedupeKey?: string } {
  if (input.requestId) return { dedupeKey: `request:${input.requestId}:${f.details['scope'] ?? ''}` };
  if (f.rule !== 'off-hours' && f.rule !== 'burst') return {};
  if (f.rule === 'off-hours') {
    return { dedupeKey: `${input.userId}:${input.sealId}:${String(f.details['localDate'])}` };
  }
  const minutes = Number(f.details['minutes']);
  const bucket = Math.floor(input.now.getTime() / (minutes * 60_000));
  const who = f.details['scope'] === 'user' ? input.userId : input.sealId;
  return { dedupeKey: `${f.details['scope']}:${who}:${minutes}:${bucket}` };
}

import { Certificate } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { certificatesInUse } from '../seals/seal-reads.ts';
import { recordRiskFindings } from './risk-alerts.ts';
import { loadRiskRule, type RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';

const DAY_MS = 86_400_000;

/**
 * A seal certificate ending within `days` (or already ended): high severity within a week. Keyed by
 * seal and certificate serial, so each certificate is raised once and a renewed one again.
 */
export function certificateExpiryFinding(
  config: RiskRuleConfig<'certificate-expiry'>,
  seal: { id: string; serialHex: string; notAfter: Date },
  now: Date,
): RiskFinding | null {
  if (!config.enabled) return null;
  const msLeft = seal.notAfter.getTime() - now.getTime();
  if (msLeft > config.params.days * DAY_MS) return null;
  const daysLeft = Math.max(0, Math.floor(msLeft / DAY_MS));
  return {
    rule: 'certificate-expiry',
    action: 'alert',
    severity: msLeft <= 7 * DAY_MS ? 'high' : 'medium',
    details: { notAfter: seal.notAfter.toISOString(), daysLeft, serial: seal.serialHex },
    dedupeKey: `${seal.id}:${seal.serialHex}`,
  };
}

/**
 * The periodic job: one alert per seal per certificate that is within the warning period, for
 * seals still in use (active or suspended). Returns the findings newly recorded.
 */
export async function checkCertificateExpiry(db: Kysely<Database>, now: Date): Promise<RiskFinding[]> {
  const config = await loadRiskRule(db, 'certificate-expiry');
  if (!config.enabled) return [];
  const seals = await certificatesInUse(db);
  const raised: RiskFinding[] = [];
  for (const seal of seals) {
    const cert = Certificate.fromDer(seal.certificate);
    const finding = certificateExpiryFinding(
      config,
      { id: seal.id, serialHex: cert.serialHex, notAfter: cert.notAfter },
      now,
    );
    if (!finding) continue;
    const written = await recordRiskFindings(
      db,
      [finding],
      { actor: { actor: null }, sealId: seal.id },
      () => now,
    );
    if (written.length > 0) raised.push(finding);
  }
  return raised;
}

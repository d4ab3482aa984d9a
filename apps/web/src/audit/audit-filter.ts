import type { AuditEntry } from '@openseal/contract';

export interface AuditFilter {
  action?: string;
  /** Case-insensitive substring of the actor. */
  actor?: string;
  /** Inclusive bounds as ISO 8601 UTC instants; entry times are ISO UTC too, so strings compare in time order. */
  from?: string;
  to?: string;
}

export function filterAudit(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  const actor = filter.actor?.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (!filter.action || e.action === filter.action) &&
      (!actor || (e.actor ?? '').toLowerCase().includes(actor)) &&
      (!filter.from || e.time >= filter.from) &&
      (!filter.to || e.time <= filter.to),
  );
}

/** The distinct actions, sorted, for the filter's choices. */
export function auditActions(entries: readonly AuditEntry[]): string[] {
  return [...new Set(entries.map((e) => e.action))].sort();
}

// The events the business modules record, built here so each call site stays one line and each
// payload is decided in one place: ids, types and digests, never document bytes or names of people.
import type { IntegrationEvent } from './outbox.ts';

export { recordEvent } from './outbox.ts';

export const requestSubmitted = (requestId: string, requestType: string): IntegrationEvent => ({
  type: 'request.submitted',
  data: { requestId, requestType },
});

/** A decision event when `status` is a decision newly reached, else null. */
export function requestDecided(
  request: { id: string; type: string; status: string },
  status: string,
): IntegrationEvent | null {
  if (status === request.status || (status !== 'approved' && status !== 'rejected')) return null;
  return {
    type: 'request.decided',
    data: { requestId: request.id, requestType: request.type, decision: status },
  };
}

export const documentSealed = (entry: {
  sha256: string;
  rows: readonly { id: string; sealId: string }[];
  documentType: string;
  requestId: string | null;
}): IntegrationEvent => ({
  type: 'document.sealed',
  data: {
    documentSha256: entry.sha256,
    ledgerIds: entry.rows.map((r) => r.id),
    sealIds: entry.rows.map((r) => r.sealId),
    documentType: entry.documentType,
    requestId: entry.requestId,
  },
});

export const credentialIssued = (row: {
  id: string;
  public_id: string;
  type_code: string;
}): IntegrationEvent => ({
  type: 'credential.issued',
  data: { credentialId: row.id, publicId: row.public_id, typeCode: row.type_code },
});

export const credentialRevoked = (credentialId: string): IntegrationEvent => ({
  type: 'credential.revoked',
  data: { credentialId },
});

export const riskAlertRaised = (row: {
  id: string;
  rule: string;
  severity: string;
  seal_id: string | null;
  request_id: string | null;
}): IntegrationEvent => ({
  type: 'risk.alert_raised',
  data: {
    alertId: row.id,
    rule: row.rule,
    severity: row.severity,
    sealId: row.seal_id,
    requestId: row.request_id,
  },
});

/** A service API batch finished: how many of its files were sealed and how many were not. */
export const batchCompleted = (batch: {
  id: string;
  accountName: string;
  sealId: string;
  files: number;
  sealed: number;
  failed: number;
}): IntegrationEvent => ({
  type: 'batch.completed',
  data: {
    batchId: batch.id,
    serviceAccount: batch.accountName,
    sealId: batch.sealId,
    files: batch.files,
    sealed: batch.sealed,
    failed: batch.failed,
  },
});

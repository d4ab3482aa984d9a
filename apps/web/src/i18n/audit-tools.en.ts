import type { auditToolsZh } from './audit-tools.zh-CN.ts';

export const auditToolsEn: Readonly<Record<keyof typeof auditToolsZh, string>> = {
  'audit.verify': 'Check the log’s integrity',
  'audit.export': 'Export CSV',
  'audit.verify.intact':
    'The audit log is intact: {entries} entries, {checkpoints} signed checkpoints, nothing altered, deleted or inserted.',
  'audit.verify.broken': 'The audit log was tampered with: first problem at entry {seq} ({kind})',
  'audit.verify.notKeyed':
    'The log is not keyed yet, so only the hash chain was checked; start the server once to key it.',
  'audit.finding.wiped': 'the whole log was wiped',
  'audit.finding.truncated': 'entries at the end were deleted',
  'audit.finding.altered': 'an entry was altered',
  'audit.finding.inserted': 'an entry was inserted',
  'audit.finding.deleted': 'entries were deleted',
  'audit.finding.head-mismatch': 'the log head disagrees',
  'audit.finding.checkpoint-invalid': 'a checkpoint cannot be trusted',
  'audit.finding.unkeyed': 'entries without a keyed link',
};

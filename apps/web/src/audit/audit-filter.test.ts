import type { AuditEntry } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { auditActions, filterAudit } from './audit-filter.ts';

const entry = (seq: number, action: string, actor: string | null, time: string): AuditEntry => ({
  seq,
  time,
  actor,
  role: null,
  org: null,
  action,
  object: null,
  outcome: 'success',
  requestId: null,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

const log = [
  entry(1, 'org.seedDemo', null, '2026-11-01T08:00:00.000Z'),
  entry(2, 'auth.login', 'SysAdmin', '2026-11-02T09:00:00.000Z'),
  entry(3, 'users.create', 'sysadmin', '2026-11-03T10:00:00.000Z'),
  entry(4, 'auth.login', 'secadmin', '2026-11-04T11:00:00.000Z'),
];
const seqs = (list: AuditEntry[]) => list.map((e) => e.seq);

describe('filterAudit', () => {
  it('returns everything without a filter', () => {
    expect(seqs(filterAudit(log, {}))).toEqual([1, 2, 3, 4]);
  });
  it('matches the action exactly and the actor case-insensitively by substring', () => {
    expect(seqs(filterAudit(log, { action: 'auth.login' }))).toEqual([2, 4]);
    expect(seqs(filterAudit(log, { actor: ' sysAD ' }))).toEqual([2, 3]);
    expect(seqs(filterAudit(log, { action: 'auth.login', actor: 'sys' }))).toEqual([2]);
  });
  it('keeps entries within inclusive time bounds', () => {
    expect(
      seqs(filterAudit(log, { from: '2026-11-02T09:00:00.000Z', to: '2026-11-03T23:59:59.999Z' })),
    ).toEqual([2, 3]);
  });
  it('lists distinct actions sorted', () => {
    expect(auditActions(log)).toEqual(['auth.login', 'org.seedDemo', 'users.create']);
  });
});

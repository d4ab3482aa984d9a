import type { AuditEntry } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { loadAuditLog } from './load-audit-log.ts';

const entry = (seq: number) => ({ seq }) as AuditEntry;

describe('loadAuditLog', () => {
  it('follows afterSeq until a short page', async () => {
    const asked: string[] = [];
    const log = Array.from({ length: 1203 }, (_, i) => entry(i + 1));
    const api = {
      get: async <T>(path: string) => {
        asked.push(path);
        const q = new URL(path, 'http://x').searchParams;
        const after = Number(q.get('afterSeq'));
        return log.filter((e) => e.seq > after).slice(0, Number(q.get('limit'))) as T;
      },
    };
    const all = await loadAuditLog(api);
    expect(all.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
    expect(asked).toEqual([
      '/api/audit?afterSeq=0&limit=500',
      '/api/audit?afterSeq=500&limit=500',
      '/api/audit?afterSeq=1000&limit=500',
    ]);
  });
});

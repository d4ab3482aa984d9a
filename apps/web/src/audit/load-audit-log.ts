import { type AuditEntry, routes } from '@openseal/contract';
import type { ApiClient } from '../api/api-client.ts';
import { apiUrl } from '../api/api-url.ts';

const PAGE = 500; // the contract's maximum `limit`

/** Every entry the caller may read, oldest first, walking routes.listAudit by `afterSeq`. */
export async function loadAuditLog(api: Pick<ApiClient, 'get'>): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await api.get(apiUrl(routes.listAudit, { query: { afterSeq, limit: PAGE } }));
    all.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || !last) return all;
    afterSeq = last.seq;
  }
}

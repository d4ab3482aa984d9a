import { type ArchiveQuery, type CredentialStatus, routes } from '@openseal/contract';
import { type ApiUrl, apiUrl } from '../api/api-url.ts';

/** The archive search form, as the URL's query string keeps it (so a job's link opens its documents). */
export interface ArchiveFilter {
  person?: string;
  /** Document number (public id) and verification code, as typed off the paper. */
  number?: string;
  code?: string;
  typeCode?: string;
  status?: CredentialStatus;
  from?: string;
  to?: string;
  jobId?: string;
}

const FIELDS = ['person', 'number', 'code', 'typeCode', 'status', 'from', 'to', 'jobId'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filter in a query string; unknown keys, blank values and malformed dates are dropped. */
export function filterFromSearch(search: URLSearchParams): ArchiveFilter {
  const filter: ArchiveFilter = {};
  for (const field of FIELDS) {
    const value = search.get(field)?.trim();
    if (!value) continue;
    if (field === 'status') {
      if (value === 'issued' || value === 'revoked') filter.status = value;
    } else if (field === 'from' || field === 'to') {
      if (DATE.test(value)) filter[field] = value;
    } else filter[field] = value;
  }
  return filter;
}

/** The filter as the URL's query string, in a stable order. */
export function searchFromFilter(filter: ArchiveFilter): URLSearchParams {
  const search = new URLSearchParams();
  for (const field of FIELDS) {
    const value = filter[field]?.trim();
    if (value) search.set(field, value);
  }
  return search;
}

/** The address of one page of the filter's results in the archive (routes.searchArchive). */
export function archivePath(
  filter: ArchiveFilter,
  page: number,
  pageSize: number,
): ApiUrl<typeof routes.searchArchive> {
  const query: ArchiveQuery = { ...filterFromSearch(searchFromFilter(filter)), page, pageSize };
  return apiUrl(routes.searchArchive, { query });
}

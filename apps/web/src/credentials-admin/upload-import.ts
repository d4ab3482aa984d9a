import type { ImportReport } from '@openseal/contract';
import type { ApiClient } from '../api/api-client.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The body type the import route reads for a picked file: CSV text or an XLSX workbook. */
export function importContentType(fileName: string): string | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.xlsx')) return XLSX;
  return null;
}

/** Where the type's import template downloads from, headed in the console's language. */
export function importTemplatePath(typeCode: string, locale: 'zh-CN' | 'en'): string {
  const query = new URLSearchParams({ typeCode, lang: locale === 'zh-CN' ? 'zh' : 'en' });
  return `/api/credential-records/import-template?${query}`;
}

/** POSTs the file itself (not JSON) to the import route: the dry run's report, or the import's. */
export function uploadImport(
  api: Pick<ApiClient, 'postFile'>,
  file: File,
  typeCode: string,
  dryRun: boolean,
): Promise<ImportReport> {
  const query = new URLSearchParams({ typeCode, dryRun: String(dryRun) });
  return api.postFile<ImportReport>(
    `/api/credential-records/import?${query}`,
    file,
    importContentType(file.name) ?? 'text/csv',
  );
}

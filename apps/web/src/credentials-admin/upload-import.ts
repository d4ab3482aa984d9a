import { type ImportReport, routes, XLSX_MEDIA_TYPE } from '@openseal/contract';
import type { ApiClient } from '../api/api-client.ts';
import { apiUrl } from '../api/api-url.ts';

/** The body type the import route reads for a picked file: CSV text or an XLSX workbook. */
export function importContentType(fileName: string): string | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.xlsx')) return XLSX_MEDIA_TYPE;
  return null;
}

/** Where the type's import template downloads from, headed in the console's language. */
export function importTemplatePath(typeCode: string, locale: 'zh-CN' | 'en'): string {
  return apiUrl(routes.importTemplate, { query: { typeCode, lang: locale === 'zh-CN' ? 'zh' : 'en' } });
}

/** POSTs the file itself (not JSON) to the import route: the dry run's report, or the import's. */
export function uploadImport(
  api: Pick<ApiClient, 'call'>,
  file: File,
  typeCode: string,
  dryRun: boolean,
): Promise<ImportReport> {
  return api.call(routes.importRecords, {
    query: { typeCode, dryRun },
    body: file,
    contentType: importContentType(file.name) ?? 'text/csv',
  });
}

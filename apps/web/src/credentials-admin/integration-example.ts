import { routes } from '@openseal/contract';
import { apiUrl } from '../api/api-url.ts';
import { sampleRecord } from './data-schema-text.ts';

/**
 * The curl command an IT colleague runs to push one person's record: PUT is idempotent by the
 * upstream system's record id, so re-sending the same record is safe. The key is a placeholder;
 * the real one is shown only once, on creation.
 */
export function curlExample(origin: string, typeCode: string, dataSchema: Record<string, unknown>): string {
  const body = {
    subject: '2022010001',
    subjectName: '张三',
    cohort: '2026',
    data: sampleRecord(dataSchema),
  };
  // Single quotes inside the JSON would end the shell string: write them as '\''.
  const json = JSON.stringify(body, null, 2).replaceAll("'", "'\\''");
  return [
    `curl -X PUT '${origin}${apiUrl(routes.pushRecord, { params: { typeCode, recordId: '2022010001' } })}' \\`,
    `  -H 'Authorization: Bearer $OPENSEAL_API_KEY' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  --data '${json}'`,
  ].join('\n');
}

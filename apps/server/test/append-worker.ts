// Child process for the cross-process append test: appends N audit entries to the database given
// as JSON in argv[2], keyed with the KEK in argv[4] (base64), as a second server process would.
import { openDatabase } from '../src/db/open-database.ts';
import { deriveAuditKeys, withAuditKeys } from '../src/modules/audit/audit-keys.ts';
import { appendAudit } from '../src/modules/audit/audit-log.ts';

const config = JSON.parse(process.argv[2]!);
const count = Number(process.argv[3]);
const db = withAuditKeys(openDatabase(config), deriveAuditKeys(Buffer.from(process.argv[4]!, 'base64')));
for (let i = 0; i < count; i++) {
  await appendAudit(db, { action: 'login', outcome: 'success', actor: `pid-${process.pid}-${i}` });
}
await db.destroy();

import type { Migration } from 'kysely';
import * as auditLog from './0001-audit-log.ts';
import * as identity from './0002-identity.ts';
import * as seals from './0003-seals.ts';
import * as sealKeysImagesGrants from './0004-seal-keys-images-grants.ts';
import * as useLedgerQuotas from './0005-use-ledger-quotas.ts';
import * as risk from './0006-risk.ts';
import * as approvals from './0007-approvals.ts';
import * as credentials from './0008-credentials.ts';
import * as accountSecurity from './0009-account-security.ts';
import * as auditKeyed from './0010-audit-keyed.ts';
import * as credentialStagedFiles from './0011-credential-staged-files.ts';
import * as holidaysCn from './0012-holidays-cn.ts';
import * as schoolLogo from './0013-school-logo.ts';
import * as uploads from './0014-uploads.ts';
import * as sm3Digests from './0015-sm3-digests.ts';
import * as fileTextOutOfDatabase from './0016-file-text-out-of-database.ts';
import * as dualSealKeys from './0017-dual-seal-keys.ts';
import * as singleSignOn from './0018-single-sign-on.ts';
import * as webhooks from './0019-webhooks.ts';
import * as directorySync from './0020-directory-sync.ts';
import * as serviceApi from './0021-service-api.ts';
import * as messages from './0022-messages.ts';
import * as imApps from './0023-im-apps.ts';
import * as outboxByType from './0024-outbox-by-type.ts';
import * as recentUsesCovering from './0025-recent-uses-covering.ts';
import * as contracts from './0026-contracts.ts';
import * as contractTemplates from './0027-contract-templates.ts';
import * as externalSigners from './0028-external-signers.ts';
import * as evidenceCache from './0029-evidence-cache.ts';
import * as contractHandoffs from './0030-contract-handoffs.ts';
import * as partySigningDate from './0031-party-signing-date.ts';

/** Every migration in order, listed by hand so the bundle-free source knows them without a directory scan. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-audit-log': auditLog,
  '0002-identity': identity,
  '0003-seals': seals,
  '0004-seal-keys-images-grants': sealKeysImagesGrants,
  '0005-use-ledger-quotas': useLedgerQuotas,
  '0006-risk': risk,
  '0007-approvals': approvals,
  '0008-credentials': credentials,
  '0009-account-security': accountSecurity,
  '0010-audit-keyed': auditKeyed,
  '0011-credential-staged-files': credentialStagedFiles,
  '0012-holidays-cn': holidaysCn,
  '0013-school-logo': schoolLogo,
  '0014-uploads': uploads,
  '0015-sm3-digests': sm3Digests,
  '0016-file-text-out-of-database': fileTextOutOfDatabase,
  '0017-dual-seal-keys': dualSealKeys,
  '0018-single-sign-on': singleSignOn,
  '0019-webhooks': webhooks,
  '0020-directory-sync': directorySync,
  '0021-service-api': serviceApi,
  '0022-messages': messages,
  '0023-im-apps': imApps,
  '0024-outbox-by-type': outboxByType,
  '0025-recent-uses-covering': recentUsesCovering,
  '0026-contracts': contracts,
  '0027-contract-templates': contractTemplates,
  '0028-external-signers': externalSigners,
  '0029-evidence-cache': evidenceCache,
  '0030-contract-handoffs': contractHandoffs,
  '0031-party-signing-date': partySigningDate,
};

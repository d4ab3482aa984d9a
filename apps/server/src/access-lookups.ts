import { findSession } from './modules/auth/auth-service.ts';
import { unitPath } from './modules/org/org-service.ts';
import { loadGrants } from './modules/users/user-reads.ts';
import type { AuthorizeOptions } from './plugins/authorize.ts';

/**
 * What the authorize hook reads, from the modules owning each table: the session and its account
 * (auth), the account's role grants (users), the org path of a request's target unit (org). The app
 * passes these to the hook, which queries no table itself.
 */
export const accessLookups: Pick<AuthorizeOptions, 'findSession' | 'loadGrants' | 'orgPath'> = {
  findSession,
  loadGrants,
  orgPath: unitPath,
};

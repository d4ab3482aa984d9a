import type { BoxedColumn } from '../../db/reseal-column.ts';
import { resetOwner } from './password-reset-handover.ts';
import { totpOwner } from './secret-box.ts';
import { ssoSecretOwner } from './sso/sso-providers.ts';

/**
 * The account and sign-in secrets auth keeps under the KEK (TOTP keys, enrolments waiting for their
 * first code, reset codes not yet handed over, SSO client secrets), sealed again in the crypto mode
 * after a switch (db/reseal-column.ts).
 */
export const AUTH_BOXED_COLUMNS: readonly BoxedColumn[] = [
  { table: 'users', id: 'id', column: 'totp_secret', owner: (id) => totpOwner(String(id)) },
  { table: 'users', id: 'id', column: 'totp_pending', owner: (id) => totpOwner(String(id)) },
  { table: 'password_resets', id: 'id', column: 'code_box', owner: (id) => resetOwner(String(id)) },
  {
    table: 'sso_providers',
    id: 'id',
    column: 'client_secret_box',
    owner: (id) => ssoSecretOwner(String(id)),
  },
];

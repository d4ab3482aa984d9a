import { IM_APPS, type ImApp, type ImAppBody, type ImAppSettings } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { BoxedColumn } from '../../../db/reseal-column.ts';
import type { Database, ImAppTable } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { type AuditEvent, appendAudit } from '../../audit/audit-log.ts';
import type { SecretBox } from '../../auth/secret-box.ts';
import { imSecretOwner } from './im-apps-context.ts';

/** An enabled app, its secrets opened: what the clients, sign-in and callbacks work with. */
export interface ImAppConfig {
  app: ImApp;
  corpId: string;
  agentId: string;
  appKey: string | null;
  secret: string;
  callbackToken: string | null;
  encodingAesKey: string | null;
  apiBaseUrl: string | null;
  /** Part of the token cache's key: a changed secret or host is never served an old token. */
  updatedAt: string;
}

/** The KEK-boxed columns of im_apps, for the start-up rewrite after a crypto-mode switch. */
export const IM_APP_BOXED_COLUMNS: readonly BoxedColumn[] = [
  { table: 'im_apps', id: 'app', column: 'secret_box', owner: (id) => imSecretOwner(id as ImApp, 'secret') },
  {
    table: 'im_apps',
    id: 'app',
    column: 'callback_token_box',
    owner: (id) => imSecretOwner(id as ImApp, 'token'),
  },
  {
    table: 'im_apps',
    id: 'app',
    column: 'encoding_aes_key_box',
    owner: (id) => imSecretOwner(id as ImApp, 'aes'),
  },
];

const signInCallbackPath = (app: ImApp) => `/api/auth/im/${app}/callback`;
const eventCallbackPath = (app: ImApp) => `/api/im-apps/${app}/callback`;

function settingsOf(app: ImApp, row: Selectable<ImAppTable> | undefined): ImAppSettings {
  return {
    app,
    enabled: row?.enabled === 1,
    corpId: row?.corp_id ?? null,
    agentId: row?.agent_id ?? null,
    appKey: row?.app_key ?? null,
    secretSet: row !== undefined,
    callbackTokenSet: (row?.callback_token_box ?? null) !== null,
    encodingAesKeySet: (row?.encoding_aes_key_box ?? null) !== null,
    apiBaseUrl: row?.api_base_url ?? null,
    signInCallbackPath: signInCallbackPath(app),
    eventCallbackPath: eventCallbackPath(app),
    updatedAt: row?.updated_at ?? null,
  };
}

/** Both apps, configured or not, for the system admin's page. Secrets are only said to be set. */
export async function listImAppSettings(db: Kysely<Database>): Promise<ImAppSettings[]> {
  const rows = await db.selectFrom('im_apps').selectAll().execute();
  return IM_APPS.map((app) =>
    settingsOf(
      app,
      rows.find((r) => r.app === app),
    ),
  );
}

/**
 * Saves an app's settings (the system admin's), audited in the same transaction; the entry names what
 * was set, never a secret. The secret is needed the first time; DingTalk also needs its AppKey.
 */
export async function saveImAppSettings(
  db: Kysely<Database>,
  secrets: SecretBox,
  app: ImApp,
  body: ImAppBody,
  actor: Pick<AuditEvent, 'actor' | 'role' | 'org' | 'requestId'>,
  now: Date,
): Promise<ImAppSettings> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('im_apps').selectAll().where('app', '=', app).executeTakeFirst();
    const missing = [
      ...(body.secret === undefined && !existing ? ['secret'] : []),
      ...(app === 'dingtalk' && body.appKey === undefined ? ['appKey'] : []),
    ];
    if (missing.length > 0) throw new AppError('ERR_VALIDATION', undefined, missing);
    const boxed = (value: string | undefined, purpose: 'secret' | 'token' | 'aes', kept: string | null) =>
      value !== undefined ? secrets.seal(imSecretOwner(app, purpose), value) : kept;
    const row = {
      enabled: body.enabled ? 1 : 0,
      corp_id: body.corpId,
      agent_id: body.agentId,
      app_key: app === 'dingtalk' ? (body.appKey ?? null) : null,
      secret_box: boxed(body.secret, 'secret', existing?.secret_box ?? null) as string,
      callback_token_box: boxed(body.callbackToken, 'token', existing?.callback_token_box ?? null),
      encoding_aes_key_box: boxed(body.encodingAesKey, 'aes', existing?.encoding_aes_key_box ?? null),
      api_base_url: body.apiBaseUrl,
      updated_by: actor.actor ?? 'system',
      updated_at: now.toISOString(),
    };
    if (existing) await trx.updateTable('im_apps').set(row).where('app', '=', app).execute();
    else
      await trx
        .insertInto('im_apps')
        .values({ app, ...row })
        .execute();
    const set = [
      body.secret !== undefined ? ' secret:set' : '',
      body.callbackToken !== undefined ? ' token:set' : '',
      body.encodingAesKey !== undefined ? ' aesKey:set' : '',
    ].join('');
    await appendAudit(trx, {
      ...actor,
      action: existing ? 'imApp.update' : 'imApp.create',
      object: `im:${app} enabled:${body.enabled}${set}`,
      outcome: 'success',
    });
    return settingsOf(
      app,
      await trx.selectFrom('im_apps').selectAll().where('app', '=', app).executeTakeFirstOrThrow(),
    );
  });
}

/** The enabled apps, for the sign-in page. */
export async function enabledImApps(db: Kysely<Database>): Promise<ImApp[]> {
  const rows = await db.selectFrom('im_apps').select('app').where('enabled', '=', 1).execute();
  return IM_APPS.filter((app) => rows.some((r) => r.app === app));
}

/** An enabled app with its secrets opened; null when unconfigured or switched off. */
export async function enabledImApp(
  db: Kysely<Database>,
  secrets: SecretBox,
  app: ImApp,
): Promise<ImAppConfig | null> {
  const row = await db
    .selectFrom('im_apps')
    .selectAll()
    .where('app', '=', app)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  if (!row) return null;
  const open = (purpose: 'secret' | 'token' | 'aes', boxed: string | null) =>
    boxed === null ? null : secrets.open(imSecretOwner(app, purpose), boxed);
  return {
    app,
    corpId: row.corp_id,
    agentId: row.agent_id,
    appKey: row.app_key,
    secret: open('secret', row.secret_box) as string,
    callbackToken: open('token', row.callback_token_box),
    encodingAesKey: open('aes', row.encoding_aes_key_box),
    apiBaseUrl: row.api_base_url,
    updatedAt: row.updated_at,
  };
}

/** As enabledImApp, refusing with ERR_IM_APP_NOT_CONFIGURED. */
export async function requireImApp(
  db: Kysely<Database>,
  secrets: SecretBox,
  app: ImApp,
): Promise<ImAppConfig> {
  const config = await enabledImApp(db, secrets, app);
  if (!config) throw new AppError('ERR_IM_APP_NOT_CONFIGURED');
  return config;
}

// Webhook subscriptions and the allow list, administered by the system admin; each change is audited
// in its own transaction. The signing secret leaves the server once, in the answer to creating it.
import { randomUUID } from 'node:crypto';
import type {
  CreatedWebhookSubscription,
  CreateWebhookBody,
  UpdateWebhookBody,
  WebhookEventType,
  WebhookSubscription,
} from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { BoxedColumn } from '../../../db/reseal-column.ts';
import type { Database, WebhookSubscriptionTable } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { type AuditEvent, appendAudit } from '../../audit/audit-log.ts';
import { type IntegrationsContext, webhookSecretOwner } from '../integrations-context.ts';
import { hostOf } from './address-guard.ts';
import { newWebhookSecret } from './signature.ts';

/** The signing secrets, sealed again in the crypto mode after a switch (db/reseal-column.ts). */
export const WEBHOOK_BOXED_COLUMNS: readonly BoxedColumn[] = [
  {
    table: 'webhook_subscriptions',
    id: 'id',
    column: 'secret',
    owner: (id) => webhookSecretOwner(String(id)),
  },
];

export type Who = Pick<AuditEvent, 'actor' | 'role' | 'org' | 'requestId'> & { actor: string };

function subscriptionView(row: Selectable<WebhookSubscriptionTable>): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as WebhookEventType[],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** http(s) with a host, no user name or password (they would sit in the log and the console). */
function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('ERR_WEBHOOK_URL_INVALID');
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname || url.username || url.password)
    throw new AppError('ERR_WEBHOOK_URL_INVALID');
  return url.toString();
}

export async function listWebhooks(db: Kysely<Database>): Promise<WebhookSubscription[]> {
  const rows = await db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').execute();
  return rows.map(subscriptionView);
}

export async function createWebhook(
  ctx: IntegrationsContext,
  body: CreateWebhookBody,
  who: Who,
): Promise<CreatedWebhookSubscription> {
  const id = randomUUID();
  const secret = newWebhookSecret();
  const now = ctx.clock().toISOString();
  const row = {
    id,
    url: checkedUrl(body.url),
    description: body.description,
    secret: ctx.secrets.seal(webhookSecretOwner(id), secret),
    events: JSON.stringify(body.events),
    enabled: 1,
    created_by: who.actor,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_subscriptions').values(row).execute();
    await appendAudit(
      trx,
      { ...who, action: 'webhook.create', object: `webhook:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
  });
  return { subscription: subscriptionView(row), secret };
}

export async function updateWebhook(
  ctx: IntegrationsContext,
  id: string,
  body: UpdateWebhookBody,
  who: Who,
): Promise<WebhookSubscription> {
  const now = ctx.clock().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('webhook_subscriptions')
      .set({
        ...(body.url !== undefined ? { url: checkedUrl(body.url) } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.events !== undefined ? { events: JSON.stringify(body.events) } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled ? 1 : 0 } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new AppError('ERR_NOT_FOUND', `webhook ${id} not found`);
    const action = body.enabled === false ? 'webhook.disable' : 'webhook.update';
    await appendAudit(
      trx,
      { ...who, action, object: `webhook:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
    return subscriptionView(updated);
  });
}

export async function allowedHosts(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('webhook_allowed_hosts').select('host').orderBy('host').execute();
  return rows.map((r) => r.host);
}

/** Replaces the allow list; hosts are kept as URLs name them (lower case, IPv6 without brackets). */
export async function replaceAllowedHosts(
  ctx: IntegrationsContext,
  hosts: readonly string[],
  who: Who,
): Promise<string[]> {
  const normal = [
    ...new Set(
      hosts.map((h) => {
        try {
          return hostOf(new URL(`http://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}/`));
        } catch {
          throw new AppError('ERR_VALIDATION', `not a host name or address: ${h}`);
        }
      }),
    ),
  ];
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_allowed_hosts').execute();
    if (normal.length > 0)
      await trx
        .insertInto('webhook_allowed_hosts')
        .values(normal.map((host) => ({ host, created_by: who.actor, created_at: now })))
        .execute();
    await appendAudit(
      trx,
      { ...who, action: 'webhook.hosts', object: `hosts:${normal.join(',')}`, outcome: 'success' },
      { clock: ctx.clock },
    );
  });
  return allowedHosts(ctx.db);
}

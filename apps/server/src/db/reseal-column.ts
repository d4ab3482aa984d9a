import { CRYPTO_MODES, type CryptoMode } from '@openseal/pki';
import { type Kysely, sql } from 'kysely';
import { secretTextPrefix } from '../plugins/keys.ts';
import type { Database } from './schema.ts';

/** The part of the server's secret box a rewrite needs. */
export interface Resealer {
  readonly mode: CryptoMode;
  seal(owner: string, plain: string): string;
  open(owner: string, boxed: string): string;
}

/** One column of KEK-boxed secrets, named by the module that owns its table. */
export interface BoxedColumn {
  table: keyof Database;
  id: string;
  column: string;
  /** The owner string each value is bound to, from its row's id. */
  owner: (id: string | number) => string;
}

/**
 * Start-up migration after a crypto-mode switch (OPENSEAL_CRYPTO_MODE) for one column of secrets:
 * every value sealed in the other mode is sealed again in the box's mode, so a gm deployment keeps
 * none under AES and a switch back keeps none under SM4. Each value is replaced only if it is still
 * the one read, so two servers starting at once cannot overwrite each other. Returns how many it
 * rewrote.
 */
export async function resealColumn(
  db: Kysely<Database>,
  box: Resealer,
  target: BoxedColumn,
): Promise<number> {
  const column = sql.ref(target.column);
  const id = sql.ref(target.id);
  const others = CRYPTO_MODES.filter((m) => m !== box.mode).map(
    (m) => sql`${column} like ${`${secretTextPrefix(m)}%`}`,
  );
  const { rows } = await sql<{ id: string | number; boxed: string }>`
    select ${id} as id, ${column} as boxed from ${sql.table(target.table)} where ${sql.join(others, sql` or `)}
  `.execute(db);
  let rewritten = 0;
  for (const row of rows) {
    const owner = target.owner(row.id);
    const fresh = box.seal(owner, box.open(owner, row.boxed));
    const result = await sql`
      update ${sql.table(target.table)} set ${column} = ${fresh} where ${id} = ${row.id} and ${column} = ${row.boxed}
    `.execute(db);
    rewritten += Number(result.numAffectedRows ?? 0);
  }
  return rewritten;
}

/** `resealColumn` over each column in turn; returns how many values it rewrote in all. */
export async function resealColumns(
  db: Kysely<Database>,
  box: Resealer,
  targets: readonly BoxedColumn[],
): Promise<number> {
  let rewritten = 0;
  for (const target of targets) rewritten += await resealColumn(db, box, target);
  return rewritten;
}

// Group commit for SQLite. Every SQLite write shares one connection, and each commit waits for the
// disk (fsync): under load that wait was half of a seal use's time in the database. Transactions
// handed in while others are still arriving run one after another inside a single transaction,
// each in its own savepoint, and share its commit. A body that fails rolls back to its savepoint
// and rejects its own caller alone; a commit that fails rejects them all, and nothing of theirs is
// kept. Every caller hears back only after the commit, so durability is as before.
// PostgreSQL keeps one transaction per caller: its connections commit in parallel.
import { type Kysely, sql, type Transaction } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { Database } from './schema.ts';

export type TransactionBody<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  body: TransactionBody<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const SAVEPOINT = sql.raw('group_commit_body');
/** The longest a transaction waits for others to join its commit. */
const GATHER_MS = 20;

class SqliteGroupCommit {
  #queue: Pending[] = [];
  #watching = false;
  #firstQueuedAt = 0;

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(body: TransactionBody<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ body, resolve: resolve as (value: unknown) => void, reject });
      if (this.#watching) return;
      this.#watching = true;
      this.#firstQueuedAt = performance.now();
      this.#watch(0);
    });
  }

  /**
   * Commits at the end of the first turn of the event loop in which no transaction joined, or once
   * the first has waited GATHER_MS: a lone caller or a few workers commit at once, while a stream of
   * requests is gathered into commits of many.
   */
  #watch(seen: number): void {
    setImmediate(() => {
      const joined = this.#queue.length > seen;
      if (joined && performance.now() - this.#firstQueuedAt < GATHER_MS) this.#watch(this.#queue.length);
      else void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#watching = false;
    const group = this.#queue;
    this.#queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = await this.db.transaction().execute(async (trx) => {
        const out: Outcome[] = [];
        for (const pending of group) out.push(await inSavepoint(trx, pending.body));
        return out;
      });
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}

async function inSavepoint(trx: Transaction<Database>, body: TransactionBody<unknown>): Promise<Outcome> {
  await sql`savepoint ${SAVEPOINT}`.execute(trx);
  try {
    const value = await body(trx);
    await sql`release ${SAVEPOINT}`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to ${SAVEPOINT}`.execute(trx);
    await sql`release ${SAVEPOINT}`.execute(trx);
    return { ok: false, error };
  }
}

export interface GroupCommit {
  /** Runs `body` in a transaction of its own or, on SQLite, in a savepoint of a shared one. */
  run<T>(body: TransactionBody<T>): Promise<T>;
}

const groups = new WeakMap<Kysely<Database>, GroupCommit>();

/** The group commit of the database `db` (its root handle, not a transaction). */
export function groupCommit(db: Kysely<Database>): GroupCommit {
  let group = groups.get(db);
  if (!group) {
    group =
      dialectOf(db) === 'sqlite'
        ? new SqliteGroupCommit(db)
        : {
            run<T>(body: TransactionBody<T>) {
              return db.transaction().execute(body);
            },
          };
    groups.set(db, group);
  }
  return group;
}

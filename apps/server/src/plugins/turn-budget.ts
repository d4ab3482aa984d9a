// Work per event-loop turn, bounded. Node accepts one new connection per turn of its event loop
// (libuv 1.45+, libuv/libuv#3696), and a turn lasts as long as the requests it starts: a loaded
// server that starts every request as it arrives runs turns of a few hundred milliseconds and takes
// seconds to let fifty new connections in. Requests therefore start while the turn has budget left;
// the rest wait, in arrival order, for the next turns.
import fp from 'fastify-plugin';

/** A turn's budget for starting requests; a request started near its end may run past it. */
const TURN_BUDGET_MS = 5;

export class TurnBudget {
  #windowStart: number | null = null;
  readonly #waiting: (() => void)[] = [];
  #pumping = false;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Undefined when the caller may start now; else a promise that resolves at its turn. */
  admit(): Promise<void> | undefined {
    if (this.#waiting.length === 0 && this.#take()) return undefined;
    return new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      if (!this.#pumping) {
        this.#pumping = true;
        this.#offerSlots();
      }
    });
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Whether the current window has budget left; opens a window that closes when this turn ends. */
  #take(): boolean {
    const now = this.now();
    if (this.#windowStart === null) {
      this.#windowStart = now;
      setImmediate(() => {
        this.#windowStart = null;
      });
      return true;
    }
    return now - this.#windowStart < this.budgetMs;
  }

  /**
   * One check-phase callback per waiting request: Node runs the microtasks between callbacks, so each
   * request admitted runs its part of the turn before the next is judged against the budget.
   */
  #offerSlots(): void {
    for (let i = 0; i < this.#waiting.length; i++) {
      setImmediate(() => {
        if (this.#waiting.length > 0 && this.#take()) this.#waiting.shift()!();
      });
    }
    setImmediate(() => {
      if (this.#waiting.length > 0) this.#offerSlots();
      else this.#pumping = false;
    });
  }
}

/** Every request waits for its turn (TurnBudget) before its first hook runs. */
export const turnBudgetPlugin = fp(
  async (app) => {
    const budget = new TurnBudget(TURN_BUDGET_MS);
    app.addHook('onRequest', (_req, _reply, done) => {
      const turn = budget.admit();
      if (turn) void turn.then(() => done());
      else done();
    });
  },
  { name: 'turn-budget' },
);

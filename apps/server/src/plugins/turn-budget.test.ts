import { describe, expect, it } from 'vitest';
import { TurnBudget } from './turn-budget.ts';

// Requests start while the turn has budget left; the rest start in later turns, in arrival order,
// each turn's share judged by the time the ones before it took.

/** Lets the event loop go round once: its check phase runs the budget's callbacks queued before. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBudget', () => {
  it('starts requests at once while the turn has budget left', () => {
    const clock = { ms: 0 };
    const budget = new TurnBudget(5, () => clock.ms);
    expect(budget.admit()).toBeUndefined();
    clock.ms = 4;
    expect(budget.admit()).toBeUndefined();
    clock.ms = 5;
    expect(budget.admit()).toBeInstanceOf(Promise);
  });

  it('starts the waiting ones in later turns, in arrival order, as far as each turn allows', async () => {
    const clock = { ms: 0 };
    const budget = new TurnBudget(5, () => clock.ms);
    const started: string[] = [];
    // Each request takes 3 ms once started: two fit in a turn.
    const request = (name: string) => {
      const turn = budget.admit();
      const run = () => {
        started.push(name);
        clock.ms += 3;
      };
      if (turn) void turn.then(run);
      else run();
    };
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) request(name);
    expect(started).toEqual(['a', 'b']);
    expect(budget.waiting).toBe(4);

    const perTurn: number[] = [];
    for (let turn = 0; turn < 10 && budget.waiting > 0; turn++) {
      const before = started.length;
      await nextTurn();
      perTurn.push(started.length - before);
      // A request arriving meanwhile queues behind those already waiting.
      if (turn === 0) request('g');
    }
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    // Every turn starts someone while people wait, and none starts more than its 5 ms allow.
    expect(perTurn.every((n) => n >= 1 && n <= 2)).toBe(true);
    expect(perTurn.length).toBeGreaterThanOrEqual(3);
    expect(budget.waiting).toBe(0);
  });

  it('lets a request through at once again when nobody waits and a new turn began', async () => {
    const clock = { ms: 0 };
    const budget = new TurnBudget(5, () => clock.ms);
    expect(budget.admit()).toBeUndefined();
    clock.ms = 100;
    await nextTurn();
    expect(budget.admit()).toBeUndefined();
  });
});

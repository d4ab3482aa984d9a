import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Background work goes through the one scheduler (jobs.ts), so closing the server stops all of it:
// no other server source may start a timer of its own.
const SRC = join(import.meta.dirname, '..');
const TIMER = /\bset(?:Interval|Timeout)\s*\(/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('background timers', () => {
  it('are started only by the job scheduler', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(50);
    const withTimers = files
      .filter((file) => TIMER.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(withTimers).toEqual(['plugins/jobs.ts']);
  });
});

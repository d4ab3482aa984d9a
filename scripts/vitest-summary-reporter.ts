// Prints one closing line "tests: N passed, N failed, N skipped" after vitest's own report, the
// plain form CI reads in any language.
import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest';

function count(
  tasks: readonly RunnerTask[],
  totals: { passed: number; failed: number; skipped: number },
): void {
  for (const task of tasks) {
    if (task.type === 'suite') count(task.tasks, totals);
    else if (task.result?.state === 'pass') totals.passed++;
    else if (task.result?.state === 'fail') totals.failed++;
    else totals.skipped++;
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    count(files, totals);
    for (const file of files) if (file.result?.state === 'fail' && file.tasks.length === 0) totals.failed++;
    totals.failed += errors.length;
    console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
}

// Timing loop shared by the benchmarks: runs `op` repeatedly for about `seconds` after a warm-up and
// returns operations per second. Sequential on purpose: the figures are per core.
export async function opsPerSecond(
  op: () => Promise<unknown>,
  opts: { seconds?: number; warmup?: number } = {},
): Promise<number> {
  const seconds = opts.seconds ?? 3;
  for (let i = 0; i < (opts.warmup ?? 20); i++) await op();
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline) {
    await op();
    count++;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

/** One benchmark figure, printed as `name: number unit`. */
export function report(name: string, value: number, unit: string): void {
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  process.stdout.write(`${name}: ${shown} ${unit}\n`);
}

// A child process's stdout read a line at a time, for the benches that talk to their server and load
// generator in several turns (bench/http-seal.ts's firstLine reads only one).
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildLines {
  /** The next line the child prints, or the reason it never came. */
  next(): Promise<string>;
  /** The next line, parsed as JSON. */
  nextJson<T>(): Promise<T>;
}

/** Call right after spawning, before the child can have closed its output. */
export function childLines(child: ChildProcess, what: string): ChildLines {
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  // 'close' comes after the child's output has been read to its end, so no printed line is lost.
  const gone = new Promise<never>((_, reject) =>
    child.once('close', (code) =>
      reject(new Error(`${what} exited with code ${code} before printing its next line`)),
    ),
  );
  // Never unhandled: a caller waiting for a line gets the rejection through the race below.
  gone.catch(() => undefined);
  const next = async () => {
    const line = await Promise.race([lines.next(), gone]);
    // Output closed: the child is exiting, and `gone` says with which code.
    if (line.done) return gone;
    return line.value;
  };
  return { next, nextJson: async <T>() => JSON.parse(await next()) as T };
}

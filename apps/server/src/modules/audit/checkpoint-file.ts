import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Where a data directory keeps its audit checkpoints, outside the database. */
export function checkpointDir(dataDir: string): string {
  return join(dataDir, 'audit-checkpoints');
}

const FILE = 'checkpoints.jsonl';

/**
 * Appends one line and waits for it to reach the disk. The file is only ever opened for appending
 * (mode 0600, directory 0700): the server never rewrites a checkpoint, and the database user, who
 * should not own this directory, cannot.
 */
export function appendCheckpointLine(dir: string, line: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(join(dir, FILE), 'a', 0o600);
  try {
    writeSync(fd, `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Every complete line, in file order, with its 1-based line number. A last line without its newline
 * was cut off by a crash while being written and is left out; a missing file has no lines.
 */
export function readCheckpointLines(dir: string): { line: number; text: string }[] {
  let text: string;
  try {
    text = readFileSync(join(dir, FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const lines = text.split('\n').slice(0, -1);
  return lines.map((t, i) => ({ line: i + 1, text: t })).filter((l) => l.text.trim() !== '');
}

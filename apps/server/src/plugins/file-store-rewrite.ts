import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStoreError, type LocalFileStore, writeFileAtomically } from './file-store.ts';

/** What a start-up rewrite did, in counts (never names or keys). */
export interface FileRewriteCounts {
  /** False when the store was already wholly in its format (the marker said so): nothing was read. */
  walked: boolean;
  rewritten: number;
  /** Files that neither decrypt nor hash to their name: left as they are, and the walk runs again next start. */
  unreadable: number;
  /** Temporary files a crashed write left behind. */
  swept: number;
}

/** Names the format every file in the store was last found in; absent while a rewrite is unfinished. */
const MARKER = '.format';
const HEX2 = /^[0-9a-f]{2}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * After a crypto-mode switch, or on the first start with encryption at rest, every file not in the
 * store's format (the other mode's, or plain) is read and written again in it, each replaced
 * atomically (write then rename), so a crash leaves every file whole in one format or the other.
 * The marker is removed before the first rewrite and written only after a walk that left nothing
 * behind, so an interrupted rewrite resumes at the next start and a finished one costs one read.
 * `.tmp` files older than `staleBefore` (crashed writes; older ones may hold plaintext) are removed.
 * A file is judged by its header: one that is plain but starts with this format's header is left.
 */
export async function rewriteStoredFiles(
  store: LocalFileStore,
  staleBefore: Date,
): Promise<FileRewriteCounts> {
  const marker = join(store.dir, MARKER);
  const done = await readFile(marker, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  const counts: FileRewriteCounts = { walked: false, rewritten: 0, unreadable: 0, swept: 0 };
  if (done === store.format) return counts;
  counts.walked = true;
  await rm(marker, { force: true });
  for (const top of await subdirectories(store.dir)) {
    for (const sub of await subdirectories(top)) {
      for (const name of await readdir(sub)) {
        if (SHA256_HEX.test(name)) await rewriteOne(store, name, counts);
        else if (name.endsWith('.tmp')) await sweepIfStale(join(sub, name), staleBefore, counts);
      }
    }
  }
  if (counts.unreadable === 0) await writeFileAtomically(marker, Buffer.from(`${store.format}\n`));
  return counts;
}

async function rewriteOne(store: LocalFileStore, sha256: string, counts: FileRewriteCounts): Promise<void> {
  if ((await store.formatOf(sha256)) === store.format) return;
  try {
    await store.put(await store.get(sha256));
    counts.rewritten += 1;
  } catch (e) {
    if (!(e instanceof FileStoreError)) throw e;
    // Removed meanwhile (an expired upload purged) is nothing to rewrite; damaged is counted.
    if (e.code === 'ERR_FILE_CORRUPT') counts.unreadable += 1;
  }
}

async function sweepIfStale(path: string, staleBefore: Date, counts: FileRewriteCounts): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info || info.mtime >= staleBefore) return;
  await rm(path, { force: true });
  counts.swept += 1;
}

/** The two-hex-digit directories of the store's layout under `dir`; none when `dir` does not exist yet. */
async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && HEX2.test(e.name)).map((e) => join(dir, e.name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

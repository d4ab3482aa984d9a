import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { FileEncryption } from './file-encryption.ts';
import { type LocalFileStore, localFileStore } from './file-store.ts';
import { rewriteStoredFiles } from './file-store-rewrite.ts';

/** The server's two file stores: documents kept for good, and uploads staged for an hour. */
export interface FileStores {
  files: LocalFileStore;
  uploads: LocalFileStore;
}

/** A temporary file younger than this may be another process's write in progress. */
const TEMP_FILE_GRACE_MS = 60_000;

/**
 * Opens DATA_DIR/files and DATA_DIR/uploads, encrypted at rest in the configured mode, after
 * rewriting whatever is stored in another format (a mode switch, files from before encryption).
 * Logs counts only.
 */
export async function openFileStores(
  dataDir: string,
  encryption: FileEncryption,
  log: FastifyBaseLogger,
): Promise<FileStores> {
  const stores: FileStores = {
    files: localFileStore(join(dataDir, 'files'), encryption),
    uploads: localFileStore(join(dataDir, 'uploads'), encryption),
  };
  // File times are the file system's real clock, so this compares with the real clock, not the app's.
  const staleBefore = new Date(Date.now() - TEMP_FILE_GRACE_MS);
  for (const [store, files] of Object.entries(stores)) {
    const { walked, ...counts } = await rewriteStoredFiles(files, staleBefore);
    if (counts.unreadable > 0)
      log.warn(
        { store, format: files.format, ...counts },
        'stored files that do not decrypt were left as they are',
      );
    else if (walked)
      log.info({ store, format: files.format, ...counts }, 'stored files are in the crypto mode');
  }
  return stores;
}

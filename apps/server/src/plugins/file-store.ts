import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenSealError } from '@openseal/common';

/** Files by content: the SHA-256 hex of the bytes is their name. Writing the same bytes twice is a no-op. */
export interface FileStore {
  put(bytes: Uint8Array): Promise<string>;
  /** Throws ERR_FILE_MISSING or ERR_FILE_CORRUPT (the bytes no longer hash to their name). */
  get(sha256: string): Promise<Uint8Array>;
  /** Deletes a file nothing refers to (a batch's orphan after a crash); a missing file is no error. */
  remove(sha256: string): Promise<void>;
}

export type FileStoreErrorCode = 'ERR_FILE_MISSING' | 'ERR_FILE_CORRUPT';

export class FileStoreError extends OpenSealError<FileStoreErrorCode> {}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Local content-addressed storage under `dir` (DATA_DIR/files): `ab/cd/abcd…`. A write goes to a
 * temporary name first and is renamed into place, so a crash never leaves a partial file under a
 * content name; reads re-hash, so a file altered on disk is reported rather than served.
 */
export function localFileStore(dir: string): FileStore {
  const pathOf = (sha256: string): string => {
    if (!SHA256_HEX.test(sha256))
      throw new FileStoreError('ERR_FILE_MISSING', `not a SHA-256 name: ${sha256}`);
    return join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const path = pathOf(sha256);
      const exists = await stat(path).then(
        (s) => s.size === bytes.length,
        () => false,
      );
      if (exists) return sha256;
      await mkdir(join(path, '..'), { recursive: true });
      const temp = `${path}.${randomUUID()}.tmp`;
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, path);
      return sha256;
    },
    async get(sha256) {
      let bytes: Buffer;
      try {
        bytes = await readFile(pathOf(sha256));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT')
          throw new FileStoreError('ERR_FILE_MISSING', `file ${sha256} is not in the store`);
        throw e;
      }
      if (createHash('sha256').update(bytes).digest('hex') !== sha256)
        throw new FileStoreError('ERR_FILE_CORRUPT', `file ${sha256} no longer matches its hash`);
      return bytes;
    },
    async remove(sha256) {
      await rm(pathOf(sha256), { force: true });
    },
  };
}

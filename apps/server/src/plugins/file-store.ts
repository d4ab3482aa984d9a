import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenSealError } from '@openseal/common';
import {
  decryptFile,
  type EncryptedFileFormat,
  encryptedFileSize,
  encryptFile,
  FILE_HEADER_BYTES,
  type FileEncryption,
  type StoredFileFormat,
  storedFileFormat,
} from './file-encryption.ts';

/** Files by content: the SHA-256 hex of the bytes is their name. Writing the same bytes twice is a no-op. */
export interface FileStore {
  put(bytes: Uint8Array): Promise<string>;
  /** Throws ERR_FILE_MISSING or ERR_FILE_CORRUPT (the bytes no longer hash to their name, or do not decrypt). */
  get(sha256: string): Promise<Uint8Array>;
  /** Deletes a file nothing refers to (a batch's orphan after a crash); a missing file is no error. */
  remove(sha256: string): Promise<void>;
}

/** A file store on the local disk, with what its start-up rewrite needs to know. */
export interface LocalFileStore extends FileStore {
  readonly dir: string;
  /** The format every file is written in. */
  readonly format: EncryptedFileFormat;
  /** The format the file under `sha256` is in now, from its header; undefined when there is no such file. */
  formatOf(sha256: string): Promise<StoredFileFormat | undefined>;
}

export type FileStoreErrorCode = 'ERR_FILE_MISSING' | 'ERR_FILE_CORRUPT';

export class FileStoreError extends OpenSealError<FileStoreErrorCode> {}

const SHA256_HEX = /^[0-9a-f]{64}$/;

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Where the file named `sha256` lives under `dir`: `ab/cd/abcd…`. */
export function storedFilePath(dir: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new FileStoreError('ERR_FILE_MISSING', `not a SHA-256 name: ${sha256}`);
  return join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/**
 * Writes to a temporary name first and renames it into place, so a crash never leaves a partial file
 * under the final name. The temporary name ends in `.tmp`, for the start-up rewrite to sweep.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const dir = join(path, '..');
  // A directory made once is not made again on every write (a system call per document); one
  // removed since is made again when the write finds it missing.
  if (!madeDirectories.has(dir)) {
    await mkdir(dir, { recursive: true });
    madeDirectories.add(dir);
  }
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, bytes, { mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(dir, { recursive: true });
    await writeFile(temp, bytes, { mode: 0o600 });
  }
  await rename(temp, path);
}

/** The directories writeFileAtomically has made or found in this process. */
const madeDirectories = new Set<string>();

/**
 * Local content-addressed storage under `dir` (DATA_DIR/files): `ab/cd/abcd…`, the name the SHA-256
 * of the plaintext, so ledger lookups and deduplication see through the encryption. Every file is
 * written encrypted in `encryption.format` (file-encryption.ts); files in the other format or plain
 * (written before encryption at rest) are read too, until the start-up rewrite converts them.
 * Reads authenticate and re-hash, so a file altered on disk is reported rather than served.
 */
export function localFileStore(dir: string, encryption: FileEncryption): LocalFileStore {
  const pathOf = (sha256: string) => storedFilePath(dir, sha256);
  /** The header and size of the file on disk, without reading it all. */
  const peek = async (path: string): Promise<{ format: StoredFileFormat; size: number } | undefined> => {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const head = Buffer.alloc(FILE_HEADER_BYTES);
      const { bytesRead } = await handle.read(head, 0, FILE_HEADER_BYTES, 0);
      return { format: storedFileFormat(head.subarray(0, bytesRead)), size: (await handle.stat()).size };
    } finally {
      await handle.close();
    }
  };
  return {
    dir,
    format: encryption.format,
    async put(bytes) {
      const sha256 = sha256Of(bytes);
      const path = pathOf(sha256);
      const existing = await peek(path);
      if (
        existing?.format === encryption.format &&
        existing.size === encryptedFileSize(encryption.format, bytes.length)
      )
        return sha256;
      await writeFileAtomically(path, encryptFile(encryption.kek(), encryption.format, sha256, bytes));
      return sha256;
    },
    async get(sha256) {
      let stored: Buffer;
      try {
        stored = await readFile(pathOf(sha256));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT')
          throw new FileStoreError('ERR_FILE_MISSING', `file ${sha256} is not in the store`);
        throw e;
      }
      if (storedFileFormat(stored) !== 'plain') {
        let plain: Buffer | undefined;
        try {
          plain = decryptFile(encryption.kek(), sha256, stored);
        } catch {
          // Not authentic under this KEK; it may still be a plain file that happens to start like a header.
        }
        if (plain && sha256Of(plain) === sha256) return plain;
      }
      if (sha256Of(stored) === sha256) return stored;
      throw new FileStoreError(
        'ERR_FILE_CORRUPT',
        `file ${sha256} no longer matches its hash or does not decrypt under this server's key`,
      );
    },
    async remove(sha256) {
      await rm(pathOf(sha256), { force: true });
    },
    async formatOf(sha256) {
      return (await peek(pathOf(sha256)))?.format;
    },
  };
}

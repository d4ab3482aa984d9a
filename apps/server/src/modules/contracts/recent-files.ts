// A contract's file moves through the store in quick steps: the prepared file is written by one
// request and read by the next, the signed file is written by the completion and read by the stamp.
// Each read went to the disk again (open, read, decrypt, re-hash); these bytes are kept in memory for
// a while instead. Files are named by their SHA-256 and never change, so a kept copy is the file.
import type { FileStore } from '../../plugins/file-store.ts';

/** At most this many bytes of files kept per store, least recently used dropped first. */
const KEPT_BYTES = 64 * 1024 * 1024;

class RecentFiles implements FileStore {
  readonly #kept = new Map<string, Uint8Array>();
  #bytes = 0;

  constructor(private readonly store: FileStore) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = await this.store.put(bytes);
    this.#keep(sha256, bytes);
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array> {
    const kept = this.#kept.get(sha256);
    if (kept) {
      this.#kept.delete(sha256);
      this.#kept.set(sha256, kept);
      return kept.slice();
    }
    const bytes = await this.store.get(sha256);
    this.#keep(sha256, bytes);
    return bytes;
  }

  async remove(sha256: string): Promise<void> {
    this.#drop(sha256);
    await this.store.remove(sha256);
  }

  #keep(sha256: string, bytes: Uint8Array): void {
    if (bytes.length > KEPT_BYTES / 16) return;
    this.#drop(sha256);
    // A copy in and a copy out: signing writes into the buffer it is given (byte-range.ts embedContents).
    this.#kept.set(sha256, bytes.slice());
    this.#bytes += bytes.length;
    for (const [oldest, old] of this.#kept) {
      if (this.#bytes <= KEPT_BYTES) break;
      this.#kept.delete(oldest);
      this.#bytes -= old.length;
    }
  }

  #drop(sha256: string): void {
    const kept = this.#kept.get(sha256);
    if (!kept) return;
    this.#kept.delete(sha256);
    this.#bytes -= kept.length;
  }
}

const wrapped = new WeakMap<FileStore, FileStore>();

/**
 * `store` with the files this process wrote or read lately kept in memory: reads of those cost a
 * lookup. A kept copy is the very bytes that were hashed when written or checked when read.
 */
export function recentFiles(store: FileStore): FileStore {
  let recent = wrapped.get(store);
  if (!recent) {
    recent = new RecentFiles(store);
    wrapped.set(store, recent);
  }
  return recent;
}

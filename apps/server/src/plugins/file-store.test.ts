import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CryptoMode } from '@openseal/pki';
import { afterAll, describe, expect, it } from 'vitest';
import { encryptedFileSize, fileEncryption, storedFileFormat } from './file-encryption.ts';
import { localFileStore, storedFilePath } from './file-store.ts';
import { rewriteStoredFiles } from './file-store-rewrite.ts';

const root = mkdtempSync(join(tmpdir(), 'openseal-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, String(dirs++));
const kek = randomBytes(32);
const storeIn = (dir: string, mode: CryptoMode, key: Uint8Array = kek) =>
  localFileStore(
    dir,
    fileEncryption(mode, () => key),
  );
const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Every file under `dir`, as stored. */
const filesUnder = (dir: string): Buffer[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)));
const SECRET = 'Contract 2026-017: 示范大学 pays 50,000';
const pdfSaying = (text: string) => Buffer.from(`%PDF-1.7\n1 0 obj (${text}) endobj\n%%EOF\n`);

for (const [mode, format] of [
  ['standard', 'aes-256-gcm'],
  ['gm', 'sm4-hmac-sm3'],
] as const) {
  describe(`local file store, ${mode} mode`, () => {
    const dir = freshDir();
    const store = storeIn(dir, mode);

    it(`stores by the plaintext's SHA-256, once, encrypted (${format}), and reads back the same bytes`, async () => {
      const bytes = pdfSaying(SECRET);
      const sha = await store.put(bytes);
      expect(sha).toBe(sha256Of(bytes));
      expect(await store.put(bytes)).toBe(sha);
      expect(Buffer.from(await store.get(sha)).equals(bytes)).toBe(true);
      expect(readdirSync(join(dir, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
      const stored = readFileSync(storedFilePath(dir, sha));
      expect(storedFileFormat(stored)).toBe(format);
      expect(stored.subarray(0, 4).toString('latin1')).toBe('OSFE');
      expect(stored.length).toBe(encryptedFileSize(format, bytes.length));
      for (const file of filesUnder(dir)) {
        expect(file.includes(SECRET)).toBe(false);
        expect(file.includes(Buffer.from(SECRET))).toBe(false);
      }
      // Two writes of one file under one key still differ: the IV is random.
      const elsewhere = freshDir();
      const again = readFileSync(storedFilePath(elsewhere, await storeIn(elsewhere, mode).put(bytes)));
      expect(again.equals(stored)).toBe(false);
    });

    it('refuses every tampered byte, a file moved to another name, and another KEK: never wrong bytes', async () => {
      const bytes = randomBytes(1000);
      const sha = await store.put(bytes);
      const path = storedFilePath(dir, sha);
      const original = readFileSync(path);
      for (const at of [4, 5, 20, 40, 500, original.length - 1]) {
        const tampered = Buffer.from(original);
        tampered[at]! ^= 1;
        writeFileSync(path, tampered);
        await expect(store.get(sha)).rejects.toMatchObject({ code: 'ERR_FILE_CORRUPT' });
      }
      writeFileSync(path, original.subarray(0, 30));
      await expect(store.get(sha)).rejects.toMatchObject({ code: 'ERR_FILE_CORRUPT' });
      writeFileSync(path, original);
      await expect(storeIn(dir, mode, randomBytes(32)).get(sha)).rejects.toMatchObject({
        code: 'ERR_FILE_CORRUPT',
      });
      const other = await store.put(randomBytes(1000));
      writeFileSync(storedFilePath(dir, other), original);
      await expect(store.get(other)).rejects.toMatchObject({ code: 'ERR_FILE_CORRUPT' });
      // A damaged file is written anew by the next put of its bytes.
      await store.put(bytes);
      expect(Buffer.from(await store.get(sha)).equals(bytes)).toBe(true);
    });
  });
}

describe('local file store', () => {
  const dir = freshDir();
  const store = storeIn(dir, 'gm');

  it('reports a missing file, a bad name and a plain file altered on disk', async () => {
    await expect(store.get('0'.repeat(64))).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
    const sha = await store.put(Buffer.from('original'));
    writeFileSync(storedFilePath(dir, sha), 'tampered');
    await expect(store.get(sha)).rejects.toMatchObject({ code: 'ERR_FILE_CORRUPT' });
  });

  it('reads a plain file (stored before encryption at rest), even one that starts like a header', async () => {
    for (const bytes of [
      Buffer.from('%PDF-1.4 from before'),
      Buffer.from('OSFE\x02 but plain, not sealed'),
    ]) {
      const sha = sha256Of(bytes);
      mkdirSync(join(storedFilePath(dir, sha), '..'), { recursive: true });
      writeFileSync(storedFilePath(dir, sha), bytes);
      expect(Buffer.from(await store.get(sha)).equals(bytes)).toBe(true);
    }
  });

  it('removes a file, and a missing one without complaint', async () => {
    const sha = await store.put(Buffer.from('orphan'));
    await store.remove(sha);
    await expect(store.get(sha)).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
    await store.remove(sha);
    await expect(store.remove('../x')).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
  });

  it('writes again into a store whose directory was removed since its last write', async () => {
    const dir = freshDir();
    const store = storeIn(dir, 'standard');
    await store.put(Buffer.from('first'));
    rmSync(dir, { recursive: true, force: true });
    const sha = await store.put(Buffer.from('second'));
    expect(Buffer.from(await store.get(sha)).toString()).toBe('second');
  });

  it('asks for the KEK only when a file is written or read', async () => {
    let asked = 0;
    const lazy = localFileStore(
      freshDir(),
      fileEncryption('gm', () => {
        asked += 1;
        return kek;
      }),
    );
    expect(asked).toBe(0);
    const sha = await lazy.put(Buffer.from('first'));
    await lazy.get(sha);
    expect(asked).toBe(1);
  });
});

describe('start-up rewrite after a mode switch', () => {
  const past = new Date(Date.now() - 3_600_000);
  const now = () => new Date(Date.now() - 60_000);

  it('rewrites plain and other-mode files in the mode, sweeps stale temporaries, and resumes after a crash', async () => {
    const dir = freshDir();
    const contents = Array.from({ length: 12 }, (_, i) => pdfSaying(`${SECRET} #${i}`));
    // A deployment from before encryption at rest: plain files, and a stale temporary file of one.
    const shas = contents.map((bytes) => {
      const sha = sha256Of(bytes);
      const path = storedFilePath(dir, sha);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, bytes);
      return sha;
    });
    const stale = `${storedFilePath(dir, shas[0]!)}.0000.tmp`;
    writeFileSync(stale, contents[0]!);
    utimesSync(stale, past, past);
    const fresh = `${storedFilePath(dir, shas[1]!)}.1111.tmp`;
    writeFileSync(fresh, 'another process is writing this');

    const standard = storeIn(dir, 'standard');
    expect(await rewriteStoredFiles(standard, now())).toEqual({
      walked: true,
      rewritten: 12,
      unreadable: 0,
      swept: 1,
    });
    expect(await rewriteStoredFiles(standard, now())).toEqual({
      walked: false,
      rewritten: 0,
      unreadable: 0,
      swept: 0,
    });
    for (const sha of shas) expect(await standard.formatOf(sha)).toBe('aes-256-gcm');

    // Switched to gm, the start stops half-way (a crash): half the files are rewritten, as the
    // rewrite leaves them, and the marker of the finished standard walk is gone.
    const gm = storeIn(dir, 'gm');
    rmSync(join(dir, '.format'));
    for (const sha of shas.slice(0, 6)) await gm.put(await gm.get(sha));
    expect(await rewriteStoredFiles(gm, now())).toMatchObject({ walked: true, rewritten: 6, unreadable: 0 });
    for (const [i, sha] of shas.entries()) {
      expect(await gm.formatOf(sha)).toBe('sm4-hmac-sm3');
      expect(Buffer.from(await gm.get(sha)).equals(contents[i]!)).toBe(true);
    }
    expect(readFileSync(join(dir, '.format'), 'utf8')).toBe('sm4-hmac-sm3\n');
    for (const file of filesUnder(dir).filter(
      (f) => !f.equals(Buffer.from('another process is writing this')),
    ))
      expect(file.includes(SECRET)).toBe(false);

    // And back: every file byte-identical through both switches.
    expect(await rewriteStoredFiles(standard, now())).toMatchObject({ walked: true, rewritten: 12 });
    for (const [i, sha] of shas.entries())
      expect(Buffer.from(await standard.get(sha)).equals(contents[i]!)).toBe(true);
  });

  it('leaves a file that does not decrypt, counts it, and walks again at the next start', async () => {
    const dir = freshDir();
    const standard = storeIn(dir, 'standard');
    const good = await standard.put(Buffer.from('good'));
    const bad = await standard.put(Buffer.from('bad'));
    const path = storedFilePath(dir, bad);
    const damaged = readFileSync(path);
    damaged[damaged.length - 1]! ^= 1;
    writeFileSync(path, damaged);
    const gm = storeIn(dir, 'gm');
    expect(await rewriteStoredFiles(gm, now())).toEqual({
      walked: true,
      rewritten: 1,
      unreadable: 1,
      swept: 0,
    });
    expect(await gm.formatOf(good)).toBe('sm4-hmac-sm3');
    expect(readFileSync(path).equals(damaged)).toBe(true);
    expect(await rewriteStoredFiles(gm, now())).toEqual({
      walked: true,
      rewritten: 0,
      unreadable: 1,
      swept: 0,
    });
  });

  it('finds nothing to do in a store never written to', async () => {
    expect(await rewriteStoredFiles(storeIn(freshDir(), 'gm'), now())).toEqual({
      walked: true,
      rewritten: 0,
      unreadable: 0,
      swept: 0,
    });
  });
});

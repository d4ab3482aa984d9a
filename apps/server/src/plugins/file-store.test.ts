import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localFileStore } from './file-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'openseal-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local file store', () => {
  const store = localFileStore(dir);

  it('stores by SHA-256, once, and reads back the same bytes', async () => {
    const bytes = Buffer.from('%PDF-1.7 transcript');
    const sha = await store.put(bytes);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.put(bytes)).toBe(sha);
    expect(Buffer.from(await store.get(sha)).equals(bytes)).toBe(true);
    expect(readdirSync(join(dir, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
  });

  it('reports a missing file, a bad name and a file altered on disk', async () => {
    await expect(store.get('0'.repeat(64))).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
    const sha = await store.put(Buffer.from('original'));
    writeFileSync(join(dir, sha.slice(0, 2), sha.slice(2, 4), sha), 'tampered');
    await expect(store.get(sha)).rejects.toMatchObject({ code: 'ERR_FILE_CORRUPT' });
  });

  it('removes a file, and a missing one without complaint', async () => {
    const sha = await store.put(Buffer.from('orphan'));
    await store.remove(sha);
    await expect(store.get(sha)).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
    await store.remove(sha);
    await expect(store.remove('../x')).rejects.toMatchObject({ code: 'ERR_FILE_MISSING' });
  });
});

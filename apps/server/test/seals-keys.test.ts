import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { loadOrCreateKek } from '../src/plugins/keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'openseal-kek-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('key-encryption key', () => {
  it('is read from OPENSEAL_KEK, and a malformed value is refused without echoing it', () => {
    const kek = randomBytes(32).toString('base64');
    expect(Buffer.from(loadConfig({ OPENSEAL_KEK: kek }).kek ?? []).toString('base64')).toBe(kek);
    expect(loadConfig({}).kek).toBeUndefined();
    const short = randomBytes(16).toString('base64');
    try {
      loadConfig({ OPENSEAL_KEK: short });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message).toContain('OPENSEAL_KEK must be 32 bytes');
      expect((e as ConfigError).message).not.toContain(short);
    }
  });

  it('is generated once into DATA_DIR/kek.key, mode 0600, and reused', () => {
    const first = loadOrCreateKek(join(dir, 'data'));
    const file = join(dir, 'data', 'kek.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(loadOrCreateKek(join(dir, 'data'))).equals(Buffer.from(first))).toBe(true);
  });
});

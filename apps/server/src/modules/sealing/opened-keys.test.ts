import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptKeyEnvelope } from '../../plugins/keys.ts';
import { openedKey } from './opened-keys.ts';

describe('opened seal keys', () => {
  const kek = randomBytes(32);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const envelope = encryptKeyEnvelope(kek, privateKey, 'seal-1');

  it('opens an envelope once and serves the same key while it is in use', () => {
    const first = openedKey(kek, envelope, 'seal-1', 1_000);
    expect(first.equals(privateKey)).toBe(true);
    expect(openedKey(kek, envelope, 'seal-1', 1_000 + 4 * 60_000)).toBe(first);
    // Five minutes after its last use it is opened afresh.
    expect(openedKey(kek, envelope, 'seal-1', 1_000 + 10 * 60_000)).not.toBe(first);
  });

  it('never serves a key to another owner, another KEK or a changed envelope', () => {
    openedKey(kek, envelope, 'seal-1', 1_000);
    expect(() => openedKey(kek, envelope, 'seal-2', 1_000)).toThrow();
    expect(() => openedKey(randomBytes(32), envelope, 'seal-1', 1_000)).toThrow();
    const changed = Uint8Array.from(envelope);
    changed[changed.length - 1]! ^= 1;
    expect(() => openedKey(kek, changed, 'seal-1', 1_000)).toThrow();
  });
});

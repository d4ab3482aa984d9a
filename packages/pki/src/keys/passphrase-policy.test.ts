import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, passphraseWeakness } from './passphrase-policy.ts';

describe('passphrase policy for private keys', () => {
  it.each([
    ['change-me', 'characters'],
    ['short 示范', 'characters'],
    ['Change-Me 2026!', 'common'],
    ['password1234', 'common'],
    ['changemechangeme', 'common'],
    ['Correct Horse Battery Staple', 'common'],
    ['OpenSeal-Passphrase', 'common'],
    ['123456789012', 'letters'],
    ['aaaaaaaaaaaaaaaa', 'different'],
    ['abcdabcdabcdabcd', 'different'],
  ])('refuses %j (%s)', (passphrase, reason) => {
    expect(passphraseWeakness(passphrase)).toContain(reason);
  });

  it.each(['tulip orbit 7 gravel canyon', 'x7#9$2!kq@1z', '示范大学电子印章根证书口令二〇二六'])(
    'accepts %j',
    (p) => {
      expect(passphraseWeakness(p)).toBeNull();
    },
  );

  it('counts characters, not bytes', () => {
    expect(passphraseWeakness('示范大学电子印章口令')).toContain(`use at least ${MIN_PASSPHRASE_LENGTH}`);
  });
});

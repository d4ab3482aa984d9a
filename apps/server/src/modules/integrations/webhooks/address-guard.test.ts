import { describe, expect, it } from 'vitest';
import { checkAddress, isPublicAddress, type Resolve } from './address-guard.ts';

const url = (u: string) => new URL(u);
const none = new Set<string>();

describe('webhook address guard', () => {
  it('refuses loopback, private, link-local, multicast and reserved addresses, v4, v6 and v4-mapped', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '0:0:0:0:0:ffff:a00:1',
      '::ffff:169.254.169.254',
      'not-an-address',
    ])
      expect(isPublicAddress(address), address).toBe(false);
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPublicAddress(address), address).toBe(true);
  });

  it('refuses a literal or a resolved host on a private address unless its host is allowed', async () => {
    for (const u of [
      'http://127.0.0.1:8080/',
      'http://10.0.0.5/',
      'http://169.254.169.254/latest',
      'http://[::1]/',
    ]) {
      const decision = await checkAddress(url(u), none);
      expect(decision.ok, u).toBe(false);
    }
    // A real lookup: localhost resolves to loopback.
    const local = await checkAddress(url('http://localhost:9/'), none);
    expect(local).toMatchObject({ ok: false });
    expect(local.ok ? '' : local.reason).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
    expect(await checkAddress(url('http://localhost:9/'), new Set(['localhost']))).toMatchObject({
      ok: true,
    });
    expect(await checkAddress(url('http://127.0.0.1:9/'), new Set(['127.0.0.1']))).toEqual({
      ok: true,
      target: { address: '127.0.0.1', family: 4 },
    });
    expect(await checkAddress(url('http://[::1]:9/'), new Set(['::1']))).toMatchObject({ ok: true });
  });

  it('refuses a host when any of its addresses is private, and names the address checked', async () => {
    const rebinding: Resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    expect(await checkAddress(url('https://hooks.example.org/x'), none, rebinding)).toMatchObject({
      ok: false,
    });
    const publicOnly: Resolve = async () => [{ address: '93.184.216.34', family: 4 }];
    expect(await checkAddress(url('https://hooks.example.org/x'), none, publicOnly)).toEqual({
      ok: true,
      target: { address: '93.184.216.34', family: 4 },
    });
    const failing: Resolve = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await checkAddress(url('https://nowhere.invalid/'), none, failing)).toMatchObject({ ok: false });
  });
});

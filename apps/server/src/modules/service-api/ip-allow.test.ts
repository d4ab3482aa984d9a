import { describe, expect, it } from 'vitest';
import { allowListMatcher, invalidNetworks } from './ip-allow.ts';

describe('service account IP allow list', () => {
  it('allows any address when empty', () => {
    expect(allowListMatcher([])('203.0.113.9')).toBe(true);
  });

  it('matches IPv4 networks, single addresses and IPv4 seen on a dual-stack socket', () => {
    const allowed = allowListMatcher(['10.1.0.0/16', '192.0.2.7']);
    expect(allowed('10.1.200.3')).toBe(true);
    expect(allowed('10.2.0.1')).toBe(false);
    expect(allowed('192.0.2.7')).toBe(true);
    expect(allowed('192.0.2.8')).toBe(false);
    expect(allowed('::ffff:10.1.0.1')).toBe(true);
    expect(allowed('::ffff:10.9.0.1')).toBe(false);
  });

  it('matches IPv6 networks and never an unparsable peer', () => {
    const allowed = allowListMatcher(['2001:db8::/32', '::1']);
    expect(allowed('2001:db8:1::5')).toBe(true);
    expect(allowed('2001:db9::5')).toBe(false);
    expect(allowed('::1')).toBe(true);
    expect(allowed('not-an-ip')).toBe(false);
  });

  it('names the entries that are not networks', () => {
    expect(
      invalidNetworks(['10.0.0.0/8', '10.0.0.0/33', '300.1.1.1', '::1/129', 'fe80::/10', '1.2.3.4/x']),
    ).toEqual(['10.0.0.0/33', '300.1.1.1', '::1/129', '1.2.3.4/x']);
  });
});

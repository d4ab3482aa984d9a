// SSRF guard: a webhook goes only to public addresses, unless the admin allowed its host. The address
// checked is the one connected to (connect-address.ts pins it), so a second DNS answer cannot
// rebind the host to an internal address between the check and the connection.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Special-use ranges (RFC 6890 and its IPv6 counterparts) a webhook must never reach by default. */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** Whether an address is public. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as its IPv4. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = family === 6 ? ipv4Mapped(address) : undefined;
  if (mapped) return !NOT_PUBLIC.check(mapped, 'ipv4');
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The IPv4 address inside ::ffff:a.b.c.d (any spelling), else undefined. */
function ipv4Mapped(address: string): string | undefined {
  // The WHATWG URL parser writes every IPv6 address in its one compressed form (RFC 5952).
  const canonical = new URL(`http://[${address}]/`).hostname;
  const hex = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(canonical);
  if (!hex) return undefined;
  const hi = Number.parseInt(hex[1] as string, 16);
  const lo = Number.parseInt(hex[2] as string, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type AddressDecision = { ok: true; target: ResolvedAddress } | { ok: false; reason: string };

export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** The URL's host as the allow list names it: lower case, IPv6 without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves the URL's host and picks the address to connect to. Every address the host resolves to
 * must be public (one private answer among public ones would let a round-robin reach inside), unless
 * the host is on the allow list.
 */
export async function checkAddress(
  url: URL,
  allowedHosts: ReadonlySet<string>,
  resolve: Resolve = systemResolve,
): Promise<AddressDecision> {
  const host = hostOf(url);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  try {
    addresses = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await resolve(host);
  } catch (e) {
    return { ok: false, reason: `cannot resolve ${host}: ${(e as Error).message}` };
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} has no address` };
  if (!allowedHosts.has(host)) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused)
      return {
        ok: false,
        reason: `${host} resolves to ${refused.address}, a private, loopback or reserved address; the admin may allow the host`,
      };
  }
  return { ok: true, target: addresses[0] as ResolvedAddress };
}

// A service account's IP allow list: networks in CIDR notation (or single addresses), IPv4 and IPv6.
// Pure: node's BlockList does the matching. An empty list allows any address.
import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';

interface Network {
  address: string;
  prefix: number;
  family: Family;
}

function parseNetwork(entry: string): Network | null {
  const [address = '', bits, ...rest] = entry.split('/');
  if (rest.length > 0) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits)))
    return null;
  return { address, prefix, family };
}

/** The entries that are not an address or a network in CIDR notation. */
export function invalidNetworks(entries: readonly string[]): string[] {
  return entries.filter((e) => parseNetwork(e) === null);
}

/** An IPv4 peer seen on a dual-stack socket (`::ffff:192.0.2.1`) as the IPv4 address it is. */
function plainAddress(ip: string): { address: string; family: Family } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return { address: mapped, family: 'ipv4' };
  const version = isIP(ip);
  if (version === 0) return null;
  return { address: ip, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Whether `ip` may call under this allow list (entries already checked by invalidNetworks). */
export function allowListMatcher(entries: readonly string[]): (ip: string) => boolean {
  if (entries.length === 0) return () => true;
  const list = new BlockList();
  for (const entry of entries) {
    const network = parseNetwork(entry);
    if (network) list.addSubnet(network.address, network.prefix, network.family);
  }
  return (ip) => {
    const peer = plainAddress(ip);
    return peer !== null && list.check(peer.address, peer.family);
  };
}

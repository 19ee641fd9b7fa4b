import { BlockList, isIP } from 'node:net';

/** IPv4 blocks a webhook must not reach unless the operator allows the host (IANA special-purpose, not global). */
const BLOCKED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'an unspecified address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives there)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol assignment'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a deprecated 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 3, 'a multicast or reserved address'],
];

/** IPv6 blocks inside global unicast (2000::/3) that are still not globally reachable. Outside 2000::/3 all is refused. */
const BLOCKED_V6: [string, number, string][] = [
  ['2001::', 23, 'an IETF protocol assignment (benchmarking, ORCHID…)'],
  ['2001:db8::', 32, 'a documentation address'],
  ['3fff::', 20, 'a documentation address'],
];

const list = (blocks: [string, number, string][], family: 'ipv4' | 'ipv6') =>
  blocks.map(([network, prefix, why]) => {
    const blocked = new BlockList();
    blocked.addSubnet(network, prefix, family);
    return { blocked, why };
  });
const v4Lists = list(BLOCKED_V4, 'ipv4');
const v6Lists = list(BLOCKED_V6, 'ipv6');

/** Why an IP address may not be called ('a loopback address'…), or null. IPv6 carrying an IPv4 is judged by that IPv4. */
export function addressProblem(address: string): string | null {
  if (isIP(address) === 4) return v4Lists.find(({ blocked }) => blocked.check(address, 'ipv4'))?.why ?? null;
  const groups = ipv6Groups(address);
  // Inside ::/96, the IPv4-compatible block, but IPv6's own: named as such, not as 0.0.0.1 and 0.0.0.0.
  if (zero(groups.slice(0, 7)) && (groups[7] === 0 || groups[7] === 1)) return groups[7] === 1 ? 'the IPv6 loopback address' : 'the IPv6 unspecified address';
  for (const [embedded, how] of embeddedIpv4(groups)) {
    const why = addressProblem(embedded);
    if (why) return `${how} ${embedded}, ${why}`;
  }
  if (embeddedIpv4(groups).length > 0) return null;
  // Everything outside global unicast (loopback, unique-local, link-local, multicast, discard-only, unassigned).
  if (groups[0]! >> 13 !== 1) return 'not a global unicast address';
  return v6Lists.find(({ blocked }) => blocked.check(address, 'ipv6'))?.why ?? null;
}

const v4 = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.');
const zero = (groups: number[]) => groups.every((g) => g === 0);

/**
 * The IPv4 addresses an IPv6 address hands traffic to, with how: ::/96 (compatible), ::ffff:0:0/96 (mapped),
 * ::ffff:0:0:0/96 (translated), 64:ff9b::/96 (NAT64), 2002::/16 (6to4), 2001::/32 (Teredo: server and client).
 * NAT64's local-use 64:ff9b:1::/48 hides it at a prefix-dependent place, so it is judged as not global instead.
 */
function embeddedIpv4(g: number[]): [string, string][] {
  const last = v4(g[6]!, g[7]!);
  if (zero(g.slice(0, 6))) return [[last, 'an IPv4-compatible form of']];
  if (zero(g.slice(0, 5)) && g[5] === 0xffff) return [[last, 'an IPv4-mapped form of']];
  if (zero(g.slice(0, 4)) && g[4] === 0xffff && g[5] === 0) return [[last, 'an IPv4-translated form of']];
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(g.slice(2, 6))) return [[last, 'a NAT64 form of']];
  if (g[0] === 0x2002) return [[v4(g[1]!, g[2]!), 'a 6to4 form of']];
  if (g[0] === 0x2001 && g[1] === 0) return [[v4(g[2]!, g[3]!), 'a Teredo address via'], [v4(g[6]! ^ 0xffff, g[7]! ^ 0xffff), 'a Teredo address of']];
  return [];
}

/** The eight 16-bit groups of an IPv6 address, in any spelling (the URL parser canonicalises it to hex groups). */
function ipv6Groups(address: string): number[] {
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const [before, after] = [parse(head), parse(tail ?? '')];
  return tail === undefined ? before : [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
}

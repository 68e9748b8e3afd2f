/**
 * Where webhooks may point (SSRF): an `https` URL whose host resolves, at delivery time, only to public unicast
 * addresses. The URL is checked when an endpoint is saved (a literal private address is refused then); every
 * resolved address is checked again before each attempt, since DNS can change between the two.
 */
import { BlockList, isIP } from 'node:net';

/** IPv4 ranges never delivered to: private, loopback, link-local (cloud metadata), shared, documentation, … */
const blocked4 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked4.addSubnet(net, bits, 'ipv4');

/**
 * IPv6 ranges never delivered to, for addresses that carry no IPv4 one: unspecified, loopback, discard, the IETF
 * protocol assignments (Teredo among them), documentation, 6to4 and local-use NAT64 (both route to addresses we cannot
 * see), unique-local, link-local, site-local, multicast.
 */
const blocked6 = new BlockList();
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001::', 23],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked6.addSubnet(net, bits, 'ipv6');

/**
 * The 16 bytes of an IPv6 address (text that `isIP` accepted as IPv6): `::` compression, an embedded dotted IPv4 tail
 * and a zone (`%eth0`, dropped) handled. Null for anything else.
 */
export function ipv6Bytes(text: string): Uint8Array | null {
  if (isIP(text) !== 6) return null;
  let rest = text.replace(/%.*$/, '').toLowerCase();
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(rest);
  if (dotted) {
    if (isIP(dotted[2]) !== 4) return null;
    const [a, b, c, d] = dotted[2].split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    rest = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? Number.parseInt(g, 16) : Number.NaN));
    return groups.some(Number.isNaN) ? null : groups;
  };
  const head = groupsOf(halves[0]);
  const after = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (head === null || after === null) return null;
  const given = head.length + after.length + tail.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return null;
  const groups = [...head, ...new Array<number>(8 - given).fill(0), ...after, ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 255;
  });
  return bytes;
}

const zeros = (b: Uint8Array, from: number, to: number): boolean => b.subarray(from, to).every((x) => x === 0);
const startsWith = (b: Uint8Array, prefix: number[]): boolean => prefix.every((x, i) => b[i] === x);

/**
 * The IPv4 address an IPv6 one stands for, or null: mapped `::ffff:0:0/96`, translated `::ffff:0:0:0/96`,
 * compatible `::/96` (`::` and `::1` included: they stand for 0.0.0.0 and 0.0.0.1, both refused) and NAT64
 * `64:ff9b::/96`.
 */
export function embeddedIpv4(ip: string): string | null {
  const b = ipv6Bytes(ip);
  if (b === null) return null;
  const carries =
    (zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) ||
    (zeros(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(b, 10, 12)) ||
    zeros(b, 0, 12) ||
    (startsWith(b, [0, 0x64, 0xff, 0x9b]) && zeros(b, 4, 12));
  return carries ? `${b[12]}.${b[13]}.${b[14]}.${b[15]}` : null;
}

const loopback4 = new BlockList();
loopback4.addSubnet('127.0.0.0', 8, 'ipv4');
const blocked4Loopback = (ip: string): boolean => loopback4.check(ip, 'ipv4');

/** Loopback in any form: 127.0.0.0/8, `::1`, or 127.0.0.0/8 mapped, translated or compatible (not via NAT64). */
const isLoopback = (ip: string): boolean => {
  const family = isIP(ip);
  if (family === 4) return blocked4Loopback(ip);
  if (family !== 6) return false;
  const b = ipv6Bytes(ip);
  if (b === null) return false;
  if (zeros(b, 0, 15) && b[15] === 1) return true;
  if (startsWith(b, [0, 0x64, 0xff, 0x9b])) return false;
  const v4 = embeddedIpv4(ip);
  return v4 !== null && blocked4Loopback(v4);
};

/**
 * Whether an address may be delivered to: public unicast only; an IPv6 address that carries an IPv4 one is judged
 * by that one. `allowLoopback` (a local deployment setting) lets loopback through as well, in any of its forms, for
 * a receiver on the same machine.
 */
export function isDeliverableAddress(ip: string, allowLoopback = false): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (allowLoopback && isLoopback(ip)) return true;
  if (family === 4) return !blocked4.check(ip, 'ipv4');
  if (ipv6Bytes(ip) === null) return false;
  const v4 = embeddedIpv4(ip);
  if (v4 !== null) return !blocked4.check(v4, 'ipv4');
  return !blocked6.check(ip.replace(/%.*$/, ''), 'ipv6');
}

const MAX_URL_LENGTH = 2048;
const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/**
 * Why a URL cannot be an endpoint, or null. `https` only, no credentials, no fragment, a host that is not a literal
 * non-public address nor a local-only name; with `allowLoopback`, `http://127.0.0.1` and `http://localhost` too.
 */
export function webhookUrlProblem(raw: string, allowLoopback = false): string | null {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  // one trailing dot names the same host (`localhost.` is localhost): judged without it
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (host === '' || host.split('.').includes('')) return 'must name a public host';
  const loopbackHost = host === 'localhost' || (isIP(host) !== 0 && isLoopback(host));
  if (url.protocol !== 'https:' && !(allowLoopback && url.protocol === 'http:' && loopbackHost))
    return allowLoopback ? 'must be https (or http to a loopback address here)' : 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  if (allowLoopback && loopbackHost) return null;
  if (isIP(host) !== 0) return isDeliverableAddress(host) ? null : 'must not point to a private or reserved address';
  if (LOCAL_NAMES.test(host) || !host.includes('.')) return 'must name a public host';
  return null;
}

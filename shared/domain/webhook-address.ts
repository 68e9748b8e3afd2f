/**
 * Where webhooks may point (SSRF): an `https` URL whose host resolves, at delivery time, only to public unicast
 * addresses. The URL is checked when an endpoint is saved (a literal private address is refused then); every
 * resolved address is checked again before each attempt, since DNS can change between the two.
 */
import { BlockList, isIP } from 'node:net';

/** Ranges never delivered to: private, loopback, link-local (cloud metadata), shared, documentation, multicast, … */
const blocked = new BlockList();
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
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** An IPv4 address carried inside an IPv6 one (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, compatible `::a.b.c.d`). */
function embeddedIpv4(ip: string): string | null {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = Number.parseInt(hex[1], 16);
    const lo = Number.parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

const isLoopback = (ip: string): boolean => {
  const v4 = isIP(ip) === 6 ? embeddedIpv4(ip) : ip;
  if (v4 && isIP(v4) === 4) return v4.startsWith('127.');
  return ip === '::1';
};

/**
 * Whether an address may be delivered to: public unicast only. `allowLoopback` (a local deployment setting) lets
 * loopback through as well, for a receiver on the same machine.
 */
export function isDeliverableAddress(ip: string, allowLoopback = false): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (allowLoopback && isLoopback(ip)) return true;
  if (family === 4) return !blocked.check(ip, 'ipv4');
  const v4 = embeddedIpv4(ip);
  if (v4 !== null) return isIP(v4) === 4 && !blocked.check(v4, 'ipv4');
  return !blocked.check(ip, 'ipv6');
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
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
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

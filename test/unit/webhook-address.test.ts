/**
 * Where webhooks may point (SSRF): every refused range, each IPv6 form that carries an IPv4 address, the URL forms
 * the WHATWG parser normalises, trailing-dot names; public controls beside each, and loopback only with the setting.
 */
import { describe, expect, it } from 'vitest';
import { embeddedIpv4, ipv6Bytes, isDeliverableAddress, webhookUrlProblem } from '#domain/webhook-address.ts';

const refusedIpv4: [string, string][] = [
  ['0.0.0.0', 'this network'],
  ['0.1.2.3', 'this network'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['100.64.0.1', 'shared (CGNAT)'],
  ['100.127.255.254', 'shared (CGNAT)'],
  ['127.0.0.1', 'loopback'],
  ['127.255.0.9', 'loopback'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.0.0.9', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation'],
  ['192.88.99.1', '6to4 relay'],
  ['192.168.1.1', 'private'],
  ['198.18.0.1', 'benchmark'],
  ['198.19.255.1', 'benchmark'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.7', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
];
const publicIpv4 = ['8.8.8.8', '1.1.1.1', '93.184.215.14', '100.63.255.255', '100.128.0.1', '172.15.0.1', '172.32.0.1'];

const refusedIpv6: [string, string][] = [
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback, uncompressed'],
  ['100::1', 'discard'],
  ['2001::1', 'Teredo'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['2001:10::1', 'IETF protocol assignments'],
  ['2001:1ff::1', 'IETF protocol assignments'],
  ['2001:db8::1', 'documentation'],
  ['2002:808:808::1', '6to4 (refused whole, even of a public address)'],
  ['2002:a9fe:a9fe::1', '6to4 of the metadata address'],
  ['fc00::1', 'unique local'],
  ['fd12:3456:789a::1', 'unique local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local with a zone'],
  ['febf::1', 'link-local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'multicast'],
];
const publicIpv6 = ['2606:4700::1', '2001:4860:4860::8888', '2a00:1450:4001::200e', '2400:cb00::1'];

/** Each IPv6 form that carries an IPv4 address, with the metadata address and loopback in it; then a public one. */
const embeddings: [string, (v4: string) => string][] = [
  ['mapped, dotted', (v4) => `::ffff:${v4}`],
  ['mapped, hex', (v4) => `::ffff:${hex(v4)}`],
  ['mapped, uncompressed', (v4) => `0:0:0:0:0:ffff:${hex(v4)}`],
  ['translated', (v4) => `::ffff:0:${hex(v4)}`],
  ['translated, dotted', (v4) => `::ffff:0:${v4}`],
  ['compatible, dotted', (v4) => `::${v4}`],
  ['compatible, hex', (v4) => `::${hex(v4)}`],
  ['NAT64', (v4) => `64:ff9b::${hex(v4)}`],
  ['NAT64, dotted', (v4) => `64:ff9b::${v4}`],
];
function hex(v4: string): string {
  const [a, b, c, d] = v4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

describe('addresses', () => {
  it.each(refusedIpv4)('refuses %s (%s)', (ip) => {
    expect(isDeliverableAddress(ip)).toBe(false);
  });
  it.each(publicIpv4)('allows public %s (the control)', (ip) => {
    expect(isDeliverableAddress(ip)).toBe(true);
  });
  it.each(refusedIpv6)('refuses %s (%s)', (ip) => {
    expect(isDeliverableAddress(ip)).toBe(false);
  });
  it.each(publicIpv6)('allows public %s (the control)', (ip) => {
    expect(isDeliverableAddress(ip)).toBe(true);
  });

  describe.each(embeddings)('IPv6 %s', (_form, embed) => {
    it('carrying the metadata address, a private or a loopback one: refused, judged by that address', () => {
      for (const v4 of ['169.254.169.254', '10.0.0.1', '127.0.0.1', '0.0.0.0']) {
        expect(embeddedIpv4(embed(v4)), embed(v4)).toBe(v4);
        expect(isDeliverableAddress(embed(v4)), embed(v4)).toBe(false);
      }
    });
    it('carrying a public address: judged by it (the control)', () => {
      expect(isDeliverableAddress(embed('8.8.8.8')), embed('8.8.8.8')).toBe(true);
    });
  });

  it('the forms the reviewer found: each refused', () => {
    for (const ip of ['::7f00:1', '::a9fe:a9fe', '::ffff:0:a9fe:a9fe', '64:ff9b:1::a9fe:a9fe'])
      expect(isDeliverableAddress(ip), ip).toBe(false);
  });

  it('local-use NAT64 (64:ff9b:1::/48) is refused whatever it carries', () => {
    for (const ip of ['64:ff9b:1::a9fe:a9fe', '64:ff9b:1::808:808', '64:ff9b:1:808:8:800::'])
      expect(isDeliverableAddress(ip), ip).toBe(false);
    // the well-known prefix beside it, with a public address: allowed (the control)
    expect(isDeliverableAddress('64:ff9b::808:808')).toBe(true);
  });

  it('loopback in any form only with the local setting; nothing else it lets through', () => {
    const loopbacks = [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::7f00:1',
      '::ffff:0:7f00:1',
    ];
    for (const ip of loopbacks) {
      expect(isDeliverableAddress(ip), ip).toBe(false);
      expect(isDeliverableAddress(ip, true), ip).toBe(true);
    }
    for (const ip of ['169.254.169.254', '10.0.0.1', '::a9fe:a9fe', 'fe80::1', '64:ff9b::7f00:1', '::'])
      expect(isDeliverableAddress(ip, true), ip).toBe(false);
  });

  it('not an address: refused', () => {
    for (const text of ['', 'localhost', '1.2.3', '::g', '1.2.3.4.5'])
      expect(isDeliverableAddress(text), text).toBe(false);
  });
});

describe('the IPv6 parser', () => {
  const bytes = (ip: string) => Array.from(ipv6Bytes(ip) ?? []);
  it.each([
    ['::', Array(16).fill(0)],
    ['::1', [...Array(15).fill(0), 1]],
    ['1::', [0, 1, ...Array(14).fill(0)]],
    ['1:2:3:4:5:6:7:8', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
    ['1::8', [0, 1, ...Array(12).fill(0), 0, 8]],
    ['1:2:3::6:7:8', [0, 1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 6, 0, 7, 0, 8]],
    ['::ffff:1.2.3.4', [...Array(10).fill(0), 255, 255, 1, 2, 3, 4]],
    ['1:2:3:4:5:6:1.2.3.4', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4]],
    ['::1.2.3.4', [...Array(12).fill(0), 1, 2, 3, 4]],
    ['FE80::ABCD', [254, 128, ...Array(12).fill(0), 171, 205]],
    ['64:ff9b::a9fe:a9fe', [0, 100, 255, 155, ...Array(8).fill(0), 169, 254, 169, 254]],
  ])('%s', (ip, expected) => {
    expect(bytes(ip)).toEqual(expected);
  });
  it('not IPv6: null', () => {
    for (const text of ['1.2.3.4', 'x', '1:2:3', ':::', '1::2::3']) expect(ipv6Bytes(text), text).toBeNull();
  });
});

describe('endpoint URLs', () => {
  it.each([
    ['https://[::169.254.169.254]/', 'compatible, dotted (the parser makes it ::a9fe:a9fe)'],
    ['https://[::a9fe:a9fe]/', 'compatible, hex'],
    ['https://[::ffff:169.254.169.254]/', 'mapped'],
    ['https://[::ffff:0:169.254.169.254]/', 'translated'],
    ['https://[64:ff9b::169.254.169.254]/', 'NAT64'],
    ['https://[64:ff9b:1::a9fe:a9fe]/', 'local-use NAT64'],
    ['https://[2002:a9fe:a9fe::]/', '6to4'],
    ['https://[2001::a9fe:a9fe]/', 'Teredo'],
    ['https://[::7f00:1]/', 'compatible loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://[fd00::1]/', 'unique local'],
    ['https://[fe80::1]/', 'link-local'],
    ['https://0x7f.1/', 'hex and short IPv4 (127.0.0.1)'],
    ['https://2130706433/', 'one number (127.0.0.1)'],
    ['https://127.1/', 'short IPv4'],
    ['https://0177.0.0.1/', 'octal'],
    ['https://0/', 'zero (0.0.0.0)'],
    ['https://0xa9fea9fe/', 'hex number (169.254.169.254)'],
    ['https://169.254.169.254./', 'trailing dot'],
    ['https://10.0.0.1/', 'private'],
  ])('%s is refused (%s)', (url) => {
    expect(webhookUrlProblem(url)).toBe('must not point to a private or reserved address');
  });

  it.each([
    'https://localhost/',
    'https://localhost./',
    'https://LOCALHOST./',
    'https://metadata.google.internal/',
    'https://metadata.google.internal./',
    'https://printer.local./',
    'https://router.home.arpa./',
    'https://intranet/',
    'https://intranet./',
    'https://localhost../',
    'https://hooks..example.com/',
    'https://./',
  ])('%s is refused: not a public name', (url) => {
    expect(webhookUrlProblem(url)).toBe('must name a public host');
  });

  it.each([
    'https://hooks.example.com/x',
    'https://hooks.example.com./x',
    'https://8.8.8.8/in',
    'https://[2606:4700::1]/in',
    'https://[::ffff:8.8.8.8]/in',
    'https://[64:ff9b::808:808]/in',
    'https://hooks.example.com:8443/in?x=1',
  ])('%s is accepted (the control)', (url) => {
    expect(webhookUrlProblem(url)).toBeNull();
  });

  it('scheme, credentials, fragment, length', () => {
    expect(webhookUrlProblem('http://hooks.example.com/')).toBe('must be an https URL');
    expect(webhookUrlProblem('https://u:p@hooks.example.com/')).toBe('must not carry credentials');
    expect(webhookUrlProblem('https://hooks.example.com/#f')).toBe('must not have a fragment');
    expect(webhookUrlProblem('not a url')).toBe('must be an absolute URL');
    expect(webhookUrlProblem(`https://hooks.example.com/${'a'.repeat(2048)}`)).toMatch(/at most 2048/);
  });

  it('loopback URLs only with the local setting, in any form', () => {
    for (const url of [
      'http://127.0.0.1:4000/in',
      'http://localhost:4000/in',
      'http://localhost.:4000/in',
      'https://127.1/',
      'http://[::1]:4000/in',
      'http://[::ffff:127.0.0.1]/in',
    ]) {
      expect(webhookUrlProblem(url), url).not.toBeNull();
      expect(webhookUrlProblem(url, true), url).toBeNull();
    }
    // the setting lets nothing else through
    for (const url of ['http://hooks.example.com/', 'https://169.254.169.254/', 'https://[::a9fe:a9fe]/'])
      expect(webhookUrlProblem(url, true), url).not.toBeNull();
  });
});

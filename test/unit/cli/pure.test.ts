/** The CLI's pure parts: configuration, Link parsing, the idempotency key, and what it prints. */
import { describe, expect, it } from 'vitest';
import { ApiError, createApi, describeApiError, parseNextLink } from '../../../cli/api.ts';
import { checkAccountId, readConfig, UsageError } from '../../../cli/config.ts';
import { continuation, headerOf } from '../../../cli/export.ts';
import { importIdempotencyKey, uploadPath } from '../../../cli/import.ts';
import { lineProgress } from '../../../cli/progress.ts';
import {
  durationOf,
  exitCodeFor,
  formatDuration,
  printable,
  RateMeter,
  renderFailedRows,
  renderSummary,
  type ImportView,
} from '../../../cli/render.ts';

const view = (over: Partial<ImportView> = {}): ImportView => ({
  id: '01JIMPORT',
  status: 'completed',
  dryRun: false,
  total: 1200,
  processed: 1200,
  created: 1190,
  updated: 0,
  skipped: 6,
  failed: 4,
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: '2026-12-03T10:00:12.000Z',
  ...over,
});

describe('configuration', () => {
  it('reads the URL and the token; https anywhere, http only to this machine', () => {
    expect(readConfig({ SWITCHBOARD_URL: 'https://api.example.com/v1/', SWITCHBOARD_TOKEN: 't' })).toEqual({
      baseUrl: 'https://api.example.com',
      token: 't',
    });
    expect(readConfig({ SWITCHBOARD_URL: 'https://example.com/switchboard', SWITCHBOARD_TOKEN: 't' }).baseUrl).toBe(
      'https://example.com/switchboard',
    );
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000'])
      expect(readConfig({ SWITCHBOARD_URL: local, SWITCHBOARD_TOKEN: 't' }).baseUrl).toBe(local);
    const refused = (url: string | undefined, token: string | undefined) => () =>
      readConfig({ SWITCHBOARD_URL: url, SWITCHBOARD_TOKEN: token });
    expect(refused('http://10.0.0.5:3000', 't')).toThrow(/must use https/);
    expect(refused('ftp://example.com', 't')).toThrow(UsageError);
    expect(refused('not a url', 't')).toThrow(/not a URL/);
    expect(refused('https://user:pw@example.com', 't')).toThrow(/user name or password/);
    expect(refused(undefined, undefined)).toThrow(/set SWITCHBOARD_URL and SWITCHBOARD_TOKEN/);
    expect(refused('https://example.com', '  ')).toThrow(/set SWITCHBOARD_TOKEN:/);
  });

  it('takes an account id that cannot change the path it goes into', () => {
    expect(checkAccountId('01JACCOUNT_x-1')).toBe('01JACCOUNT_x-1');
    for (const bad of ['', '../x', 'a/b', 'a?b', 'a b']) expect(() => checkAccountId(bad)).toThrow(UsageError);
  });
});

describe('Link: rel="next"', () => {
  const base = 'https://api.example.com/v1/accounts/a/users/export';
  it('finds the next page among other links, resolved against the page it came with', () => {
    expect(parseNextLink('</v1/accounts/a/users/export?cursor=abc>; rel="next"', base)).toBe(
      'https://api.example.com/v1/accounts/a/users/export?cursor=abc',
    );
    expect(parseNextLink('<?cursor=x,y>; rel="prev", <?cursor=z>; rel=next', base)).toBe(`${base}?cursor=z`);
    expect(parseNextLink('<https://api.example.com/p2>; title="x"; REL="last next"', base)).toBe(
      'https://api.example.com/p2',
    );
    expect(parseNextLink('<?cursor=x>; rel="prev"', base)).toBeNull();
    expect(parseNextLink(null, base)).toBeNull();
  });

  it('is never followed to another origin: the token goes only to SWITCHBOARD_URL', async () => {
    const sent: string[] = [];
    const api = createApi({ baseUrl: 'https://api.example.com', token: 'secret' }, async (url) => {
      sent.push(url);
      return new Response('ok');
    });
    await expect(api.request('GET', 'https://evil.example/steal')).rejects.toThrow(ApiError);
    await expect(api.request('GET', 'http://api.example.com/v1/x')).rejects.toThrow(/another origin/);
    expect(sent).toEqual([]);
    // positive control: the same origin is fetched
    await api.request('GET', 'https://api.example.com/v1/accounts/a/users/export?cursor=2');
    expect(sent).toEqual(['https://api.example.com/v1/accounts/a/users/export?cursor=2']);
  });
});

describe('the upload', () => {
  it('has an idempotency key from the bytes and the flags', () => {
    const bytes = new TextEncoder().encode('username,email\nada,ada@example.com\n');
    const key = importIdempotencyKey(bytes, { dryRun: false, createGroups: false });
    expect(key).toMatch(/^switchboard-cli-import-[0-9a-f]{64}-dryRun-false-createGroups-false$/);
    expect(key.length).toBeLessThanOrEqual(255);
    expect(importIdempotencyKey(new Uint8Array(bytes), { dryRun: false, createGroups: false })).toBe(key);
    expect(importIdempotencyKey(bytes, { dryRun: true, createGroups: false })).not.toBe(key);
    expect(importIdempotencyKey(bytes, { dryRun: false, createGroups: true })).not.toBe(key);
    expect(
      importIdempotencyKey(new TextEncoder().encode('username,email\n'), { dryRun: false, createGroups: false }),
    ).not.toBe(key);
  });

  it('names both flags on the query string', () => {
    expect(uploadPath({ file: 'f', account: 'a1', dryRun: true, createGroups: false })).toBe(
      '/v1/accounts/a1/imports?dryRun=true&createGroups=false',
    );
  });
});

describe('what the import prints', () => {
  it('a summary table: total, created, skipped, failed, duration (the import’s own, with rows/s)', () => {
    const text = renderSummary(view(), durationOf(view(), 99_999));
    expect(text).toBe(
      [
        '',
        'Import 01JIMPORT completed',
        '',
        '  total     1200',
        '  created   1190',
        '  skipped      6',
        '  failed       4',
        '  duration  12.0 s (100 rows/s)',
        '',
      ].join('\n'),
    );
    expect(renderSummary(view({ dryRun: true }), 1000)).toContain('Dry run 01JIMPORT completed (nothing was written');
    const cancelled = renderSummary(view({ status: 'cancelled', processed: 700 }), 1000);
    expect(cancelled).toMatch(/not processed\s+500\n/);
  });

  it('the failed rows: line, column, code and reason, one line per problem, control characters blanked', () => {
    const text = renderFailedRows([
      { line: 12, status: 'failed', errors: [{ column: 'email', code: 'invalid_email', message: 'Not an email' }] },
      {
        line: 3,
        status: 'failed',
        errors: [
          { column: null, code: 'out_of_scope', message: 'Outside your units' },
          { column: 'role', code: 'invalid_role', message: 'Unknown role "\u001b[31mboss"' },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '',
        'Failed rows (2)',
        '           column  code           reason',
        '  line 12  email   invalid_email  Not an email',
        '  line 3   —       out_of_scope   Outside your units',
        '           role    invalid_role   Unknown role " [31mboss"',
        '',
      ].join('\n'),
    );
    expect(renderFailedRows([])).toBe('');
    expect(printable('a\tb\r\nc\u009bd')).toBe('a b  c d');
  });

  it('exit 0 only when the import completed without a failed row', () => {
    expect(exitCodeFor(view({ failed: 0 }))).toBe(0);
    expect(exitCodeFor(view({ failed: 0, dryRun: true }))).toBe(0);
    expect(exitCodeFor(view({ failed: 1 }))).toBe(1);
    expect(exitCodeFor(view({ failed: 0, status: 'cancelled' }))).toBe(1);
    expect(exitCodeFor(view({ failed: 0, status: 'failed' }))).toBe(1);
  });

  it('durations, and the measured one when the API has no start or end', () => {
    expect([850, 12_340, 125_000, 7_500_000].map(formatDuration)).toEqual([
      '850 ms',
      '12.3 s',
      '2 min 05 s',
      '2 h 05 min',
    ]);
    expect(durationOf(view({ finishedAt: null }), 4321)).toBe(4321);
  });

  it('rows per second over the recent window, and the time left at that rate', () => {
    const meter = new RateMeter(10_000);
    expect(meter.observe(0, 0, 1000)).toEqual({ rate: null, etaMs: null });
    expect(meter.observe(100, 1000, 1000)).toEqual({ rate: 100, etaMs: 9000 });
    expect(meter.observe(300, 2000, 1000)).toEqual({ rate: 150, etaMs: (700 / 150) * 1000 });
    // older samples leave the window: 100 rows/s for 20 s, then 300 rows/s for 5 s reads as 200 over the last 10 s
    const recent = new RateMeter(10_000);
    for (let s = 0; s <= 20; s++) recent.observe(100 * s, s * 1000, 10_000);
    for (let s = 21; s < 25; s++) recent.observe(2000 + 300 * (s - 20), s * 1000, 10_000);
    expect(recent.observe(3500, 25_000, 10_000)).toEqual({ rate: 200, etaMs: 32_500 });
  });

  it('plain progress lines: on every status change, then at most one per interval, and always the last', () => {
    const lines: string[] = [];
    const progress = lineProgress((t) => lines.push(t), 2000);
    progress.update(view({ status: 'queued', processed: 0 }), 0);
    progress.update(view({ status: 'running', processed: 0 }), 500);
    progress.update(view({ status: 'running', processed: 100 }), 1000);
    progress.update(view({ status: 'running', processed: 300 }), 2600);
    progress.update(view({ status: 'completed', processed: 1200 }), 2700);
    expect(lines).toEqual([
      'queued: 0/1200 rows (0%), — rows/s, ETA —\n',
      'running: 0/1200 rows (0%), — rows/s, ETA —\n',
      'running: 300/1200 rows (25%), 115 rows/s, ETA 7.8 s\n',
      'completed: 1200/1200 rows (100%)\n',
    ]);
  });
});

describe('the export’s pages', () => {
  it('a later page loses its BOM and its repeated header row, and nothing else', () => {
    const header = headerOf('\uFEFFusername,email\r\nada,a@x.io\r\n');
    expect(header).toBe('username,email');
    expect(continuation('\uFEFFusername,email\r\nbob,b@x.io\r\n', header)).toBe('bob,b@x.io\r\n');
    expect(continuation('bob,b@x.io\r\n', header)).toBe('bob,b@x.io\r\n');
    expect(continuation('username,email', header)).toBe('');
  });
});

describe('API errors as printed', () => {
  it('title, status and code, detail, field problems', () => {
    expect(describeApiError(new ApiError(413, 'Payload too large', 'At most 5 MB', 'payload_too_large', []))).toBe(
      'error: Payload too large (413 payload_too_large)\n  At most 5 MB\n',
    );
    expect(describeApiError(new ApiError(null, 'Cannot reach https://x', 'ECONNREFUSED'))).toBe(
      'error: Cannot reach https://x\n  ECONNREFUSED\n',
    );
  });

  it('text the server echoes from the file cannot drive the terminal: escapes, bidi overrides, separators blanked', () => {
    const hostile = 'x\u001b]52;c;AAAA\u0007y\u202Ez\u2028w';
    const printed = describeApiError(
      new ApiError(400, `Bad ${hostile}`, `detail ${hostile}`, 'import_file', [{ path: hostile, message: hostile }]),
    );
    const unsafe = [...printed].filter((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return (code < 0x20 && ch !== '\n') || code === 0x7f || (code >= 0x202a && code <= 0x202e) || code === 0x2028;
    });
    expect(unsafe).toEqual([]);
    expect(printed).toContain('x ]52;c;AAAA y z w');
    // positive control: plain text is printed as it came
    expect(describeApiError(new ApiError(400, 'Unknown column', 'unknown column "title"', 'import_file', []))).toBe(
      'error: Unknown column (400 import_file)\n  unknown column "title"\n',
    );
  });
});

/** The SCIM load bench's request mix and its per-operation statistics (bench/scim.ts). */
import { describe, expect, it } from 'vitest';
import { opSchedule, SCIM_MIX, scimStats } from '../../bench/scim.ts';

describe('the SCIM load mix', () => {
  it('sums to 1 and every 20 requests hit each share exactly, interleaved', () => {
    expect(Object.values(SCIM_MIX).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    const schedule = opSchedule();
    expect(schedule).toHaveLength(20);
    for (const [op, share] of Object.entries(SCIM_MIX))
      expect(
        schedule.filter((o) => o === op),
        op,
      ).toHaveLength(Math.round(share * 20));
    // never more than two of one operation in a row
    for (let i = 2; i < schedule.length; i++)
      expect(schedule[i] === schedule[i - 1] && schedule[i] === schedule[i - 2], `at ${i}`).toBe(false);
  });
});

describe('the per-operation statistics', () => {
  it('gives nearest-rank percentiles and counts every unexpected answer, a 429 among them', () => {
    const samples = Array.from({ length: 100 }, (_, i) => ({
      op: 'filterUser' as const,
      ms: i + 1,
      status: i < 2 ? 429 : i === 2 ? 500 : 200,
      expected: 200,
    }));
    const stats = scimStats('filterUser', samples);
    expect(stats).toMatchObject({ requests: 100, p50: 50, p95: 95, p99: 99, max: 100, errors: 3, throttled: 2 });
    const alone = samples.map((x) => ({ ...x, ms: x.ms / 10 }));
    expect(scimStats('filterUser', samples, alone)).toMatchObject({ aloneP50: 5, aloneP95: 9.5 });
    expect(stats.unexpected).toEqual({ 429: 2, 500: 1 });
    expect(scimStats('all', samples.slice(3))).toMatchObject({ errors: 0, throttled: 0, unexpected: {} });
  });
});

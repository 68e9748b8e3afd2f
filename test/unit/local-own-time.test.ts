/** The local gateway's own-time measure: the union of SDK wait intervals, and the rest of the handler's time. */
import { describe, expect, it } from 'vitest';
import { newRequestMetrics, ownTime, retryDelays, unionMs } from '../../local/sdk-instrumentation.ts';

const at = (start: number, end: number) => ({ start, end });

describe('unionMs', () => {
  it('is 0 for no interval', () => {
    expect(unionMs([])).toBe(0);
  });

  it('adds intervals that do not overlap', () => {
    expect(unionMs([at(0, 2), at(5, 6)])).toBe(3);
  });

  it('counts overlapping (parallel) calls once, in any order', () => {
    expect(unionMs([at(4, 9), at(0, 5), at(1, 2)])).toBe(9);
    expect(unionMs([at(0, 10), at(2, 3), at(4, 5)])).toBe(10);
  });

  it('joins intervals that touch', () => {
    expect(unionMs([at(0, 1), at(1, 2)])).toBe(2);
  });

  it('keeps separate runs apart after a merged one', () => {
    expect(unionMs([at(0, 2), at(1, 3), at(10, 11), at(10.5, 12)])).toBe(5);
  });

  it('clips to the window it is asked about', () => {
    expect(unionMs([at(-5, 2), at(8, 20)], at(0, 10))).toBe(4);
    expect(unionMs([at(11, 20)], at(0, 10))).toBe(0);
  });

  it('counts a call still waiting (no end yet) up to the end of the window', () => {
    expect(unionMs([at(6, Number.NaN)], at(0, 10))).toBe(4);
  });
});

describe('ownTime', () => {
  it('is the handler time less the union of all services, each service also on its own', () => {
    const metrics = newRequestMetrics();
    metrics.waits.dynamodb.push(at(1, 3), at(2, 4));
    metrics.waits.cognito.push(at(3.5, 6));
    const own = ownTime(metrics, at(0, 10));
    expect(own.handlerMs).toBe(10);
    expect(own.waits).toEqual({ dynamodb: 3, cognito: 2.5, ses: 0 });
    // dynamodb 1–4 and cognito 3.5–6 overlap: 5 ms of waiting, not 5.5
    expect(own.waitMs).toBe(5);
    expect(own.ownMs).toBe(5);
    // no SDK command recorded around the waits: the SDK's time is the waits alone
    expect(own.sdkMs).toBe(5);
  });

  it('counts the SDK commands’ whole time (their work around the waits) apart, once where they overlap', () => {
    const metrics = newRequestMetrics();
    metrics.sdkCalls.push(at(0.5, 4.5), at(3, 6.5));
    metrics.waits.dynamodb.push(at(1, 4));
    metrics.waits.ses.push(at(4, 6));
    const own = ownTime(metrics, at(0, 10));
    expect(own).toMatchObject({ handlerMs: 10, waitMs: 5, ownMs: 5, sdkMs: 6 });
  });

  it('is the whole handler time when nothing was awaited', () => {
    const own = ownTime(newRequestMetrics(), at(2, 3.5));
    expect(own).toMatchObject({ handlerMs: 1.5, waitMs: 0, ownMs: 1.5, sdkMs: 0 });
  });
});

describe('retryDelays', () => {
  it('is nothing for a command answered at its first attempt', () => {
    expect(retryDelays([at(1, 3)])).toEqual([]);
  });

  it('is the pause between each attempt and the next (the SDK’s backoff after an error answer), in any order', () => {
    expect(retryDelays([at(40, 42), at(1, 3), at(10, 12)])).toEqual([at(3, 10), at(12, 40)]);
  });
});

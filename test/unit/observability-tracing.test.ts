// Tracing is off unless the bundle says "on": off (or unset, as under tsx), the tracer module is never loaded.
import { afterEach, describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ tracer: 0, captured: [] as unknown[] }));
vi.mock('@aws-lambda-powertools/tracer', () => {
  loaded.tracer++;
  return {
    Tracer: class {
      captureAWSv3Client<C>(client: C): C {
        loaded.captured.push(client);
        return client;
      }
      isTracingEnabled() {
        return false;
      }
    },
  };
});

afterEach(() => {
  delete process.env.SB_TRACING;
  loaded.tracer = 0;
  loaded.captured = [];
  vi.resetModules();
});

async function freshTracing(setting: string | undefined) {
  if (setting === undefined) delete process.env.SB_TRACING;
  else process.env.SB_TRACING = setting;
  vi.resetModules();
  return import('#observability/tracing.ts');
}

describe('traceClient', () => {
  for (const setting of [undefined, 'off']) {
    it(`SB_TRACING ${setting ?? 'unset'}: the tracer is not loaded and clients are left as they are`, async () => {
      const { traceClient, tracingOn, traceInvocation } = await freshTracing(setting);
      const client = { send: () => 'sent' };
      expect(traceClient(client)).toBe(client);
      expect(tracingOn()).toBe(false);
      expect(await traceInvocation('op', { route: 'op' }, async () => 'ran')).toBe('ran');
      expect(loaded).toEqual({ tracer: 0, captured: [] });
    });
  }

  it('SB_TRACING on: the tracer is loaded and captures each client (positive control)', async () => {
    const { traceClient, tracingOn } = await freshTracing('on');
    const client = { send: () => 'sent' };
    expect(traceClient(client)).toBe(client);
    expect(tracingOn()).toBe(true);
    expect(loaded).toEqual({ tracer: 1, captured: [client] });
  });
});

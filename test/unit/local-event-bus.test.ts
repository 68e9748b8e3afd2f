/**
 * The local EventBridge bus (a recorder: EventBridge has no emulator), the registry the fan-out finds it in, and the
 * test controls that read it, the stream tailer's state and the webhook queues' state.
 */
import { describe, expect, it } from 'vitest';
import type { PublicEvent } from '#domain/webhook.ts';
import { localEventBus, useLocalEventBus } from '#adapters/webhooks/local-event-bus.ts';
import { createEventBusRecorder } from '../../local/event-bus-recorder.ts';
import { handleTestControl } from '../../local/test-controls.ts';

const event = (type: string, id: string): PublicEvent => ({
  type,
  id,
  timestamp: '2026-01-01T00:00:00.000Z',
  accountId: 'acc',
  data: { userId: 'u1' },
});
const control = (method: string, path: string, hooks: Parameters<typeof handleTestControl>[3]) =>
  handleTestControl(method, path, Buffer.alloc(0), hooks);
const runCleanup = async () => null;

describe('the local event bus', () => {
  it('records each published event as PutEvents would carry it, in order, until cleared', async () => {
    const recorder = createEventBusRecorder();
    await recorder.publish([event('user.created', '01A'), event('user.closed', '01B')]);
    expect(recorder.entries()).toEqual([
      { source: 'switchboard', detailType: 'user.created', detail: event('user.created', '01A') },
      { source: 'switchboard', detailType: 'user.closed', detail: event('user.closed', '01B') },
    ]);
    recorder.clear();
    expect(recorder.entries()).toEqual([]);
  });

  it('is what the fan-out finds registered once the local runtime registered it', async () => {
    const recorder = createEventBusRecorder();
    useLocalEventBus(recorder);
    await localEventBus?.publish([event('group.created', '01C')]);
    expect(recorder.entries().map((e) => e.detailType)).toEqual(['group.created']);
  });

  it('is read and cleared through GET and DELETE /__test/event-bus', async () => {
    const eventBus = createEventBusRecorder();
    await eventBus.publish([event('service.created', '01D')]);
    const read = await control('GET', '/__test/event-bus', { runCleanup, eventBus });
    expect(read).toEqual({ status: 200, body: { entries: eventBus.entries() } });
    expect((read.body as { entries: unknown[] }).entries).toHaveLength(1);
    expect((await control('DELETE', '/__test/event-bus', { runCleanup, eventBus })).status).toBe(204);
    expect(eventBus.entries()).toEqual([]);
    // without a bus (a runtime that has none) the control says so
    expect((await control('GET', '/__test/event-bus', { runCleanup })).status).toBe(404);
  });
});

describe('the events-out test controls', () => {
  it("show the stream tailer's state and each webhook queue's state by its role", async () => {
    const tailerState = { streamArn: 'arn', shards: [], delivered: 3, failedBatches: 1, dropped: [] };
    const eventStream = { state: () => tailerState };
    const queueState = (delivered: number) => ({ held: [], waiting: 0, inFlight: 0, delivered, deadLetters: [] });
    const webhookQueues = {
      first: { name: 'first.fifo', state: () => queueState(2) },
      retries: { name: 'retries', state: () => queueState(1) },
    };
    expect(await control('GET', '/__test/event-stream', { runCleanup, eventStream })).toEqual({
      status: 200,
      body: tailerState,
    });
    expect(await control('GET', '/__test/webhook-queues', { runCleanup, webhookQueues })).toEqual({
      status: 200,
      body: { first: { name: 'first.fifo', ...queueState(2) }, retries: { name: 'retries', ...queueState(1) } },
    });
    expect((await control('GET', '/__test/event-stream', { runCleanup })).status).toBe(404);
    expect((await control('GET', '/__test/webhook-queues', { runCleanup })).status).toBe(404);
  });
});

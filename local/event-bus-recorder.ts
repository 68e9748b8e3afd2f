/**
 * The local EventBridge bus: EventBridge has no local emulator, so what the fan-out would put on the deployment's bus
 * is recorded in memory as the entries PutEvents would carry (the latest 10,000), for the tests to read
 * (`GET /__test/event-bus`) and clear.
 */
import { EVENT_SOURCE } from '../shared/domain/event-catalogue.ts';
import type { EventBus } from '../shared/ports/webhooks.ts';

/** An entry as PutEvents would carry it (`Detail` parsed back). */
export interface RecordedEntry {
  source: string;
  detailType: string;
  detail: unknown;
}

const MAX_ENTRIES = 10_000;

export function createEventBusRecorder() {
  const kept: RecordedEntry[] = [];
  const record = (entries: RecordedEntry[]): void => {
    kept.push(...entries);
    if (kept.length > MAX_ENTRIES) kept.splice(0, kept.length - MAX_ENTRIES);
  };
  const bus: EventBus = {
    async publish(events) {
      // as PutEvents would carry them: the detail goes as JSON text, the recorder keeps what a rule would see
      record(events.map((e) => ({ source: EVENT_SOURCE, detailType: e.type, detail: JSON.parse(JSON.stringify(e)) })));
    },
  };
  return {
    ...bus,
    record,
    entries: (): RecordedEntry[] => [...kept],
    clear: (): void => {
      kept.length = 0;
    },
  };
}

export type EventBusRecorder = ReturnType<typeof createEventBusRecorder>;

/**
 * The deployment's EventBridge bus: every event as an entry (`source` switchboard, `detail-type` its type, `detail`
 * the body webhooks get), ten entries a call. Without EVENT_BUS_NAME (the local runtime) the local recorder stands in.
 */
import { EVENT_SOURCE } from '#domain/event-catalogue.ts';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { env, eventSettingNames } from '#config/env.ts';
import type { PublicEvent } from '#domain/webhook.ts';
import type { EventBus } from '#ports/webhooks.ts';
import { traceClient } from '#observability/tracing.ts';

/** One client per container. */
const client = traceClient(new EventBridgeClient({ maxAttempts: 3 }));

/** PutEvents takes at most ten entries. */
const CHUNK = 10;

export const busEntry = (event: PublicEvent, busName: string): PutEventsRequestEntry => ({
  EventBusName: busName,
  Source: EVENT_SOURCE,
  DetailType: event.type,
  Detail: JSON.stringify(event),
  Time: new Date(event.timestamp),
});

/** Puts entries; the ones refused are put once more; throws when some are refused again. */
async function put(entries: PutEventsRequestEntry[]): Promise<void> {
  let pending = entries;
  for (let attempt = 1; ; attempt++) {
    const out = await client.send(new PutEventsCommand({ Entries: pending }));
    if (!out.FailedEntryCount) return;
    // results are in the entries' order; a failed one carries an ErrorCode
    const failed = pending.filter((_, i) => out.Entries?.[i]?.ErrorCode);
    if (attempt === 2) {
      const codes = [...new Set((out.Entries ?? []).map((e) => e.ErrorCode).filter(Boolean))].join(', ');
      throw new Error(`EventBridge refused ${out.FailedEntryCount} of ${pending.length} events (${codes})`);
    }
    pending = failed.length ? failed : pending;
  }
}

export const eventBridgeBus: EventBus = {
  async publish(events) {
    const busName = env(eventSettingNames.eventBusName);
    const chunks: PutEventsRequestEntry[][] = [];
    for (let i = 0; i < events.length; i += CHUNK)
      chunks.push(events.slice(i, i + CHUNK).map((e) => busEntry(e, busName)));
    await Promise.all(chunks.map(put));
  },
};

/**
 * The bus a function publishes on: EventBridge where EVENT_BUS_NAME is set (AWS), else the local runtime's recorder
 * (`local`). Decided at each call, as the setting is read.
 */
export function eventBusFor(local: EventBus | undefined): EventBus {
  return {
    publish(events) {
      if (process.env[eventSettingNames.eventBusName]) return eventBridgeBus.publish(events);
      if (!local) throw new Error(`Missing environment variable ${eventSettingNames.eventBusName}`);
      return local.publish(events);
    },
  };
}

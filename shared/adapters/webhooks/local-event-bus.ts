/**
 * The EventBus the fan-out uses when EVENT_BUS_NAME is unset: EventBridge has no local emulator, so the local runtime
 * registers a recorder here when it starts (local/event-bus-recorder.ts); in AWS nothing registers one.
 */
import type { EventBus } from '#ports/webhooks.ts';

export let localEventBus: EventBus | undefined;

export function useLocalEventBus(bus: EventBus): void {
  localEventBus = bus;
}

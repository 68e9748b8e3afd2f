/** An account's audit events from a time on, oldest first, for a webhook replay (entities/audit-event.ts). */
import { QueryCommand } from './document.ts';
import type { EventSource } from '#ports/webhooks.ts';
import { encodeTime } from '../ulid.ts';
import { ddb } from './client.ts';
import { eventPosition, eventsSince, eventsSinceRange, fromAuditEventItem } from './entities/audit-event.ts';
import { queryInput } from './query.ts';

export const eventSource: EventSource = {
  async since(accountId, since, after, limit) {
    const out = await ddb.send(
      new QueryCommand(
        queryInput(eventsSince, [accountId], {
          between: eventsSinceRange(encodeTime(Date.parse(since))),
          limit,
          start: after ? eventPosition(accountId, after) : undefined,
        }),
      ),
    );
    const events = (out.Items ?? []).map(fromAuditEventItem);
    return { events, last: out.LastEvaluatedKey ? (events.at(-1)?.id ?? null) : null };
  },
};

/**
 * Business and health metrics as CloudWatch embedded-metric logs (Powertools Metrics, namespace `Switchboard`).
 * Dimensions stay bounded: `service` always, `area` on the per-request metrics; never an account, a user or a path.
 * Recorded during an invocation, published once at its end (`flushMetrics`).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** What the service does, counted where it happens; dimension set `{service}` only. */
export type BusinessMetric =
  | 'signInSucceeded'
  | 'signInFailed'
  | 'invitationsSent'
  | 'mailsRefused'
  | 'tokensRefusedRevoked'
  | 'cleanupExpired'
  | 'cleanupLeftWork'
  | 'importRowsSucceeded'
  | 'importRowsFailed'
  | 'eventsFannedOut'
  | 'webhookDeliveriesSucceeded'
  | 'webhookDeliveriesFailed'
  | 'webhookEndpointsDisabled';

/** One embedded-metric document, as published. */
export type EmfDocument = Record<string, unknown>;

const options = { namespace: 'Switchboard', serviceName: 'switchboard' } as const;
/** Two instances, because a document has one dimension set for all its metrics: `{service}` and `{service, area}`. */
const business = new Metrics(options);
const requests = new Metrics(options);
/** Business counts of this invocation, summed per name: one value per metric and document, however many calls. */
const counts = new Map<BusinessMetric, number>();

/** Counts `value` (default 1) of a business metric; a 0 is published too, so that a run without any shows as such. */
export function countMetric(name: BusinessMetric, value = 1): void {
  counts.set(name, (counts.get(name) ?? 0) + value);
}

/** The request's own metrics, by area: `requests` (1), `serverErrors` (1 for a 5xx, else 0) and `latency` (ms). */
export function recordRequest({ area, status, durationMs }: { area: string; status: number; durationMs: number }) {
  requests.addDimension('area', area);
  requests.addMetric('requests', MetricUnit.Count, 1);
  requests.addMetric('serverErrors', MetricUnit.Count, status >= 500 ? 1 : 0);
  requests.addMetric('latency', MetricUnit.Milliseconds, Math.round(durationMs * 1000) / 1000);
}

/** Where documents go instead of stdout: the local stack's in-memory sink (none in AWS). */
let sink: ((document: EmfDocument) => void) | undefined;

/** Locally: documents are handed to `to` rather than written to stdout. `undefined` puts stdout back. */
export function setMetricsSink(to: ((document: EmfDocument) => void) | undefined): void {
  sink = to;
}

/** Publishes what this invocation recorded, once at its end; nothing at all when nothing was recorded. */
export function flushMetrics(): void {
  for (const [name, value] of counts) business.addMetric(name, MetricUnit.Count, value);
  counts.clear();
  for (const metrics of [business, requests]) {
    if (!metrics.hasStoredMetrics()) continue;
    if (!sink) {
      // AWS: one EMF line on stdout, which CloudWatch turns into metrics
      metrics.publishStoredMetrics();
      continue;
    }
    const document = metrics.serializeMetrics();
    metrics.clearMetrics();
    metrics.clearDimensions();
    sink(document);
  }
}

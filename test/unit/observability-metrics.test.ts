// Embedded-metric documents: namespace, bounded dimension sets, values; one flush per invocation, every response.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '#http/api.ts';
import { operatorAuth } from '#http/authenticate.ts';
import { defineRoute } from '#http/route-types.ts';
import { json } from '#http/responses.ts';
import { countMetric, type EmfDocument, flushMetrics, recordRequest, setMetricsSink } from '#observability/metrics.ts';
import { captureLogLines } from '../support/log-lines.ts';

type Emf = EmfDocument & {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: object[] }[] };
};

let documents: Emf[];
beforeEach(() => {
  documents = [];
  setMetricsSink((document) => documents.push(document as Emf));
});
afterEach(() => {
  flushMetrics();
  setMetricsSink(undefined);
});

const definition = (document: Emf) => document._aws.CloudWatchMetrics[0];

describe('business metrics', () => {
  it('one document, namespace Switchboard, dimension set {service} only, counts summed per name', () => {
    countMetric('signInFailed');
    countMetric('signInFailed');
    countMetric('importRowsSucceeded', 40);
    countMetric('cleanupLeftWork', 0);
    flushMetrics();
    expect(documents).toHaveLength(1);
    const [document] = documents;
    expect(definition(document)).toEqual({
      Namespace: 'Switchboard',
      Dimensions: [['service']],
      Metrics: [
        { Name: 'signInFailed', Unit: 'Count' },
        { Name: 'importRowsSucceeded', Unit: 'Count' },
        { Name: 'cleanupLeftWork', Unit: 'Count' },
      ],
    });
    expect(document).toMatchObject({
      service: 'switchboard',
      signInFailed: 2,
      importRowsSucceeded: 40,
      cleanupLeftWork: 0,
    });
    expect(document).not.toHaveProperty('area');
  });

  it('nothing is published when nothing was recorded, and a flush publishes a count once', () => {
    flushMetrics();
    expect(documents).toEqual([]);
    countMetric('invitationsSent');
    flushMetrics();
    flushMetrics();
    expect(documents).toHaveLength(1);
  });
});

describe('request metrics', () => {
  it('requests, serverErrors and latency under {service, area}', () => {
    recordRequest({ area: 'directory', status: 503, durationMs: 12.3456 });
    flushMetrics();
    recordRequest({ area: 'pages', status: 200, durationMs: 3 });
    flushMetrics();
    expect(documents.map(definition)).toEqual([
      {
        Namespace: 'Switchboard',
        Dimensions: [['service', 'area']],
        Metrics: [
          { Name: 'requests', Unit: 'Count' },
          { Name: 'serverErrors', Unit: 'Count' },
          { Name: 'latency', Unit: 'Milliseconds' },
        ],
      },
      expect.objectContaining({ Dimensions: [['service', 'area']] }),
    ]);
    expect(documents[0]).toMatchObject({ area: 'directory', requests: 1, serverErrors: 1, latency: 12.346 });
    expect(documents[1]).toMatchObject({ area: 'pages', requests: 1, serverErrors: 0, latency: 3 });
  });

  it('business and request metrics of one invocation go in two documents, each with its own dimension set', () => {
    countMetric('tokensRefusedRevoked');
    recordRequest({ area: 'lifecycle', status: 401, durationMs: 1 });
    flushMetrics();
    expect(documents.map((d) => definition(d).Dimensions)).toEqual([[['service']], [['service', 'area']]]);
    expect(documents[0]).not.toHaveProperty('requests');
    expect(documents[1]).not.toHaveProperty('tokensRefusedRevoked');
  });
});

describe('the request pipeline', () => {
  const KEY = 'operator-key-for-tests';
  const handler = api(
    defineRoute({
      operationId: 'probeAccount',
      method: 'GET',
      path: '/v1/accounts/{accountId}/t',
      area: 'directory',
      auth: operatorAuth,
      grants: [],
      summary: 'probe',
      tags: [],
      responses: {},
    }),
    { operatorKey: async () => KEY },
    async () => json(200, {}),
  );
  const event = (key: string) =>
    ({
      version: '2.0',
      routeKey: 'GET /v1/accounts/{accountId}/t',
      rawPath: '/v1/accounts/acc-secret-id/t',
      rawQueryString: '',
      headers: { 'x-operator-key': key },
      pathParameters: { accountId: 'acc-secret-id' },
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET' }, requestId: 'apigw-1' },
    }) as unknown as APIGatewayProxyEventV2;

  it('records every response, errors included, by the declared area, and never the account', async () => {
    await handler(event(KEY), { awsRequestId: 'fn-1' } as Context);
    await handler(event('wrong'), { awsRequestId: 'fn-2' } as Context);
    expect(documents).toHaveLength(2);
    for (const document of documents) {
      expect(definition(document).Dimensions).toEqual([['service', 'area']]);
      expect(document).toMatchObject({ area: 'directory', requests: 1, serverErrors: 0 });
      expect(document.latency).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(document)).not.toContain('acc-secret-id');
    }
  });
});

describe('in AWS (no sink)', () => {
  afterEach(() => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    vi.resetModules();
  });

  it('the documents are one line each on stdout, and nothing is written when nothing was recorded', async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    vi.resetModules();
    const fresh = await import('#observability/metrics.ts');
    const capture = captureLogLines();
    try {
      fresh.flushMetrics();
      expect(capture.lines).toEqual([]);
      fresh.countMetric('mailsRefused', 2);
      fresh.flushMetrics();
    } finally {
      capture.restore();
    }
    expect(capture.lines).toHaveLength(1);
    expect(JSON.parse(capture.lines[0])).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'Switchboard', Dimensions: [['service']] }] },
      mailsRefused: 2,
    });
  });
});

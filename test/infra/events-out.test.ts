// Events out in AWS: the table's stream feeds the fan-out (filtered to new audit events), which puts them on the
// deployment's EventBridge bus and queues webhook deliveries (FIFO first attempts, standard retries, dead letters
// each) for the delivery worker; the webhook key; their alarms; and who may touch which of these. The webhook routes
// come from the route table; synthetic ones stand in for them here, with the grants those routes may carry.
import { beforeAll, describe, expect, it } from 'vitest';
import { eventSettingNames } from '#config/env.ts';
import { auditEventStreamFilter, eventFanOut, webhookDelivery } from '#config/events.ts';
import { jobs, queueWorkers } from '#config/jobs.ts';
import { routes } from '#http/routes.ts';
import { handlerFile, type Grant, type RouteDef } from '#http/route-types.ts';
import { consumeActions, streamReadActions } from '../../infra/constructs/access-roles.ts';
import { fanOutIteratorAgeAlarmMs } from '../../infra/constructs/events-out.ts';
import { VISIBILITY_FACTOR } from '../../infra/constructs/work-queue.ts';
import { repoPath } from '../../infra/paths.ts';
import { allowedActions, fixtureHandler, statements, synthesize, type Resource, type Synthesized } from './support.ts';

/** The grant sets the webhook routes may have, twelve routes as the API will (one with `events:put`, as a control). */
const webhookRouteGrants: Grant[][] = [
  ['table:read'],
  ['table:read', 'table:write', 'secret:webhook-key'],
  ['table:read', 'secret:sealing-key'],
  ['table:read'],
  ['table:read', 'table:write', 'secret:webhook-key'],
  ['table:read', 'table:write'],
  ['table:read', 'table:write', 'secret:webhook-key'],
  ['table:read', 'table:write'],
  ['table:read', 'secret:sealing-key'],
  ['table:read', 'table:write', 'webhooks:send'],
  ['table:read', 'table:write', 'webhooks:send'],
  ['table:read', 'events:put'],
];
const template = routes.find((r) => r.operationId === 'getUser')!;
const webhookRoutes: RouteDef[] = webhookRouteGrants.map((grants, i) => ({
  ...template,
  operationId: `syntheticWebhook${i}`,
  path: `/v1/accounts/{accountId}/synthetic-webhooks/${i}`,
  area: 'webhooks',
  grants,
}));
const entryFor = (name: string) => (name.startsWith('synthetic') ? fixtureHandler : repoPath(handlerFile(name)));
const newGrants: Grant[] = ['secret:webhook-key', 'webhooks:send', 'webhooks:consume', 'events:put', 'stream:read'];

let s: Synthesized;
/** Logical ids of the root stack's pieces, found through their constructs. */
let ids: Record<'table' | 'first' | 'firstDead' | 'retry' | 'retryDead' | 'fanOutDead' | 'bus' | 'key', string>;
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

beforeAll(() => {
  s = synthesize({ routes: [...routes, ...webhookRoutes], entryFor });
  const id = (construct: { node: { defaultChild?: unknown } }) =>
    s.stack.getLogicalId(construct.node.defaultChild as never);
  const e = s.stack.eventsOut;
  ids = {
    table: Object.keys(s.root.findResources('AWS::DynamoDB::Table'))[0],
    first: id(e.firstAttempts.queue),
    firstDead: id(e.firstAttempts.deadLetters),
    retry: id(e.retries.queue),
    retryDead: id(e.retries.deadLetters),
    fanOutDead: id(e.fanOutDeadLetters),
    bus: id(e.bus),
    key: id(e.webhookKey),
  };
});

const webhooksArea = () => s.areas.find((a) => a.area === 'webhooks')!;
/** A function of the webhooks area: its template resource, its environment and its role. */
const fn = (name: string) => {
  const area = webhooksArea();
  const construct = area.nested.functions.get(name);
  if (!construct) throw new Error(`no function ${name} in the webhooks area`);
  const functionId = area.nested.getLogicalId(construct.function.node.defaultChild as never);
  const resource = area.json.Resources[functionId];
  const roleId = area.parameters[resource.Properties!.Role.Ref]['Fn::GetAtt'][0] as string;
  return {
    functionId,
    resource,
    env: resource.Properties!.Environment.Variables as Record<string, unknown>,
    role: s.rootJson.Resources[roleId],
  };
};
const mappingsOf = (functionId: string) =>
  Object.values(webhooksArea().template.findResources('AWS::Lambda::EventSourceMapping'))
    .map((m) => m.Properties)
    .filter((p) => p.FunctionName.Ref === functionId);
const fromRoot = (value: { Ref: string }) => s.fromRoot('webhooks', value);

describe('the fan-out', () => {
  it('reads the table stream from LATEST, filtered to new audit events exactly as auditEventStreamFilter says', () => {
    const { functionId } = fn(eventFanOut.name);
    const mappings = mappingsOf(functionId);
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings;
    expect(fromRoot(mapping.EventSourceArn)).toEqual(getAtt(ids.table, 'StreamArn'));
    expect(mapping.StartingPosition).toBe('LATEST');
    expect(mapping.FilterCriteria.Filters).toHaveLength(1);
    expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual(auditEventStreamFilter);
    expect(auditEventStreamFilter).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entity: { S: ['AuditEvent'] } } },
    });
  });

  it('halves a failing batch, retries from the record it names, parks what it gave up on in its dead letters', () => {
    const [mapping] = mappingsOf(fn(eventFanOut.name).functionId);
    expect(mapping).toMatchObject({
      BatchSize: eventFanOut.batchSize,
      MaximumBatchingWindowInSeconds: eventFanOut.maxBatchingWindowSeconds,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: eventFanOut.maxRetryAttempts,
    });
    expect([eventFanOut.batchSize, eventFanOut.maxRetryAttempts]).toEqual([100, 10]);
    // one batch per shard at a time: an account's events stay in commit order
    expect(mapping.ParallelizationFactor ?? 1).toBe(1);
    expect(fromRoot(mapping.DestinationConfig.OnFailure.Destination)).toEqual(getAtt(ids.fanOutDead));
  });

  it('runs with its declared timeout and memory, knowing the delivery queues and the bus, not the webhook key', () => {
    const { resource, env } = fn(eventFanOut.name);
    expect(resource.Properties).toMatchObject({
      Timeout: eventFanOut.timeoutSeconds,
      MemorySize: eventFanOut.memoryMb,
    });
    expect(fromRoot(env[eventSettingNames.webhookQueueUrl] as { Ref: string })).toEqual({ Ref: ids.first });
    expect(fromRoot(env[eventSettingNames.webhookRetryQueueUrl] as { Ref: string })).toEqual({ Ref: ids.retry });
    expect(fromRoot(env[eventSettingNames.eventBusName] as { Ref: string })).toEqual({ Ref: ids.bus });
    expect(env[eventSettingNames.webhookKeySecretArn]).toBeUndefined();
    expect(env[eventSettingNames.webhookAllowLoopback]).toBeUndefined();
  });
});

describe('the delivery worker', () => {
  it('takes both queues, ten messages at most, reporting failures per message, at bounded concurrency', () => {
    const { functionId, resource, env } = fn(webhookDelivery.name);
    expect(resource.Properties).toMatchObject({
      Timeout: webhookDelivery.timeoutSeconds,
      MemorySize: webhookDelivery.memoryMb,
    });
    const mappings = mappingsOf(functionId);
    expect(mappings.map((m) => fromRoot(m.EventSourceArn))).toEqual([getAtt(ids.first), getAtt(ids.retry)]);
    for (const mapping of mappings)
      expect(mapping).toMatchObject({
        BatchSize: webhookDelivery.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: webhookDelivery.maxConcurrency },
      });
    // a FIFO event source takes at most 10 messages a batch, and no batching window
    expect(webhookDelivery.batchSize).toBeLessThanOrEqual(10);
    for (const mapping of mappings) expect(mapping.MaximumBatchingWindowInSeconds).toBeUndefined();
    expect(env[eventSettingNames.webhookQueueUrl]).toBeDefined();
    expect(env[eventSettingNames.webhookRetryQueueUrl]).toBeDefined();
    expect(fromRoot(env[eventSettingNames.webhookKeySecretArn] as { Ref: string })).toEqual({ Ref: ids.key });
    expect(env[eventSettingNames.eventBusName]).toBeUndefined();
  });
});

describe('the delivery queues', () => {
  const queue = (id: string) => s.rootJson.Resources[id].Properties!;

  it('first attempts: FIFO in high-throughput mode, deduplication by id (not content), dead letters FIFO too', () => {
    expect(queue(ids.first)).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
    });
    expect(queue(ids.firstDead).FifoQueue).toBe(true);
    // positive control: the retry queue is standard (per-message delays), and so are its dead letters
    expect(queue(ids.retry).FifoQueue).toBeUndefined();
    expect(queue(ids.retryDead).FifoQueue).toBeUndefined();
  });

  it.each([
    ['first', 'firstDead'],
    ['retry', 'retryDead'],
  ] as const)(
    '%s: 6× the worker timeout visible, redriven to its dead letters after the declared receives',
    (q, dead) => {
      expect(queue(ids[q]).VisibilityTimeout).toBe(webhookDelivery.timeoutSeconds * VISIBILITY_FACTOR);
      expect(queue(ids[q]).RedrivePolicy).toEqual({
        deadLetterTargetArn: getAtt(ids[dead]),
        maxReceiveCount: webhookDelivery.maxReceiveCount,
      });
      expect(queue(ids[dead]).MessageRetentionPeriod).toBe(14 * 24 * 3600);
    },
  );

  it("every queue of events out is encrypted and TLS-only; the fan-out's dead letters redrive no queue", () => {
    const ours = [ids.first, ids.firstDead, ids.retry, ids.retryDead, ids.fanOutDead];
    for (const id of ours) expect(queue(id).SqsManagedSseEnabled, id).toBe(true);
    const policies = Object.values(s.root.findResources('AWS::SQS::QueuePolicy'));
    for (const id of ours) {
      const policy = policies.find((p) => p.Properties.Queues[0].Ref === id);
      expect(JSON.stringify(policy?.Properties.PolicyDocument), id).toContain('"aws:SecureTransport":"false"');
    }
    expect(queue(ids.fanOutDead).MessageRetentionPeriod).toBe(14 * 24 * 3600);
    const redriven = Object.values(s.root.findResources('AWS::SQS::Queue')).map((q) =>
      JSON.stringify(q.Properties.RedrivePolicy ?? {}),
    );
    expect(redriven.some((r) => r.includes(`"${ids.fanOutDead}"`))).toBe(false);
    expect(redriven.some((r) => r.includes(`"${ids.firstDead}"`))).toBe(true);
  });
});

describe('the bus and the webhook key', () => {
  it('the bus is switchboard-<stage>, named and located by two outputs', () => {
    expect(s.rootJson.Resources[ids.bus].Properties).toMatchObject({ Name: `switchboard-${s.settings.stage}` });
    expect(s.rootJson.Outputs!.EventBusName.Value).toEqual({ Ref: ids.bus });
    expect(s.rootJson.Outputs!.EventBusArn.Value).toEqual(getAtt(ids.bus));
  });

  it('the webhook key is generated, retained like the table, and never rotates on a schedule', () => {
    expect(s.rootJson.Resources[ids.key]).toMatchObject({
      Type: 'AWS::SecretsManager::Secret',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // positive control: the sealing key (which opens nothing the table keeps) goes with the stack
    const [sealing] = Object.entries(s.root.findResources('AWS::SecretsManager::Secret')).filter(([id]) =>
      id.startsWith('SealingKey'),
    );
    expect(sealing[1].DeletionPolicy).toBe('Delete');
    expect(s.root.findResources('AWS::SecretsManager::RotationSchedule')).toEqual({});
  });
});

describe('alarms of events out', () => {
  const alarms = () => Object.values(s.root.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);

  it('each dead-letter queue has an alarm on its visible messages', () => {
    for (const id of [ids.firstDead, ids.retryDead, ids.fanOutDead]) {
      const found = alarms().filter((a) => JSON.stringify(a.Dimensions ?? []).includes(`"${id}"`));
      expect(found, id).toHaveLength(1);
      expect(found[0]).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
      });
    }
    // positive control: the queues that feed the worker have none (messages waiting there are normal)
    for (const id of [ids.first, ids.retry])
      expect(alarms().filter((a) => JSON.stringify(a.Dimensions ?? []).includes(`"${id}"`))).toHaveLength(0);
  });

  it("the fan-out's iterator age (maximum, 60 s) and the worker's errors, on their own functions", () => {
    const onFunction = (metricName: string, functionName: string) =>
      alarms().filter(
        (a) => a.MetricName === metricName && JSON.stringify(a.Dimensions ?? []).includes(`${functionName}Function`),
      );
    const [age] = onFunction('IteratorAge', 'FanOutEvents');
    expect(age).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Maximum', Period: 300 });
    expect(age.Threshold).toBe(fanOutIteratorAgeAlarmMs);
    expect(fanOutIteratorAgeAlarmMs).toBe(60_000);
    const [errors] = onFunction('Errors', 'DeliverWebhooks');
    expect(errors).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Period: 300 });
    expect(onFunction('IteratorAge', 'DeliverWebhooks')).toHaveLength(0);
  });
});

describe('who may touch what', () => {
  const sids = ['WebhookKeyRead', 'WebhookQueueSend', 'WebhookQueueConsume', 'EventBusPut', 'TableStreamRead'];
  /** The statement each new grant adds, with its exact actions and resources. */
  const expected = () => ({
    WebhookKeyRead: { Action: 'secretsmanager:GetSecretValue', Resource: { Ref: ids.key } },
    WebhookQueueSend: { Action: 'sqs:SendMessage', Resource: [getAtt(ids.first), getAtt(ids.retry)] },
    WebhookQueueConsume: { Action: consumeActions, Resource: [getAtt(ids.first), getAtt(ids.retry)] },
    EventBusPut: { Action: 'events:PutEvents', Resource: getAtt(ids.bus) },
    TableStreamRead: { Action: streamReadActions, Resource: getAtt(ids.table, 'StreamArn') },
    FanOutFailures: { Action: 'sqs:SendMessage', Resource: getAtt(ids.fanOutDead) },
  });
  const sidOf: Record<string, string[]> = {
    'secret:webhook-key': ['WebhookKeyRead'],
    'webhooks:send': ['WebhookQueueSend'],
    'webhooks:consume': ['WebhookQueueConsume'],
    'events:put': ['EventBusPut'],
    'stream:read': ['TableStreamRead', 'FanOutFailures'],
  };
  /** Every function of the app with its grants and role. */
  const everyFunction = () => {
    const declared = new Map<string, readonly Grant[]>(
      [...routes, ...webhookRoutes].map((r) => [r.operationId, r.grants] as const),
    );
    for (const d of [...jobs, ...queueWorkers, eventFanOut, webhookDelivery]) declared.set(d.name, d.grants);
    return s.functions().map(({ area, name, resource }) => {
      const roleId = s.fromRoot(area, resource.Properties!.Role)['Fn::GetAtt'][0] as string;
      return { name, grants: declared.get(name)!, role: s.rootJson.Resources[roleId] as Resource, resource };
    });
  };

  it('each new grant adds exactly its statement (actions and resources), and a role without it has none', () => {
    const all = everyFunction();
    expect(all.length).toBe(routes.length + webhookRoutes.length + jobs.length + queueWorkers.length + 2);
    const want = expected();
    for (const { name, grants, role } of all) {
      const bySid = Object.fromEntries(statements(role).map((st) => [st.Sid, st]));
      for (const grant of newGrants)
        for (const sid of sidOf[grant]) {
          if (!grants.includes(grant)) {
            expect(bySid[sid], `${name} ${sid}`).toBeUndefined();
            continue;
          }
          const { Action, Resource } = want[sid as keyof typeof want];
          expect(bySid[sid], `${name} ${sid}`).toMatchObject({ Effect: 'Allow', Resource });
          expect([bySid[sid].Action].flat().sort(), `${name} ${sid}`).toEqual([Action].flat().sort());
        }
    }
    // positive controls: every new statement is held by some function
    for (const sid of [...sids, 'FanOutFailures'])
      expect(
        all.some(({ role }) => statements(role).some((st) => st.Sid === sid)),
        sid,
      ).toBe(true);
  });

  it('no other statement of any role reaches the stream, the delivery queues, the bus or the webhook key', () => {
    const guarded = [ids.first, ids.retry, ids.fanOutDead, ids.bus, ids.key].map((id) => `"${id}"`);
    for (const [roleId, role] of Object.entries(s.root.findResources('AWS::IAM::Role'))) {
      for (const st of statements(role)) {
        if (st.Sid && Object.keys(expected()).includes(st.Sid)) continue;
        const resource = JSON.stringify(st.Resource);
        for (const id of guarded) expect(resource, `${roleId} ${st.Sid}`).not.toContain(id);
        expect(resource, `${roleId} ${st.Sid}`).not.toContain('StreamArn');
        for (const action of [st.Action].flat()) {
          expect(action.startsWith('events:'), `${roleId} ${action}`).toBe(false);
          expect(streamReadActions, `${roleId} ${action}`).not.toContain(action);
        }
      }
    }
  });

  it('the fan-out and the worker hold what their work needs and nothing of the other', () => {
    const fanOut = allowedActions(fn(eventFanOut.name).role);
    const worker = allowedActions(fn(webhookDelivery.name).role);
    expect(fanOut).toEqual(expect.arrayContaining([...streamReadActions, 'events:PutEvents', 'sqs:SendMessage']));
    expect(fanOut).not.toContain('sqs:ReceiveMessage');
    expect(fanOut).not.toContain('secretsmanager:GetSecretValue');
    expect(worker).toEqual(
      expect.arrayContaining([...consumeActions, 'sqs:SendMessage', 'secretsmanager:GetSecretValue', 'ses:SendEmail']),
    );
    expect(worker).not.toContain('events:PutEvents');
    expect(worker).not.toContain('dynamodb:GetRecords');
  });

  it("functions learn the queues' URLs, the key's ARN and the bus's name exactly when granted them", () => {
    const settingsOf: Array<[Grant, string]> = [
      ['webhooks:send', eventSettingNames.webhookQueueUrl],
      ['webhooks:send', eventSettingNames.webhookRetryQueueUrl],
      ['secret:webhook-key', eventSettingNames.webhookKeySecretArn],
      ['events:put', eventSettingNames.eventBusName],
    ];
    const all = everyFunction();
    for (const { name, grants, resource } of all) {
      const env = resource.Properties!.Environment.Variables as Record<string, unknown>;
      for (const [grant, setting] of settingsOf)
        expect(env[setting] !== undefined, `${name} ${setting}`).toBe(grants.includes(grant));
      // local-only settings never reach a deployed function
      for (const setting of [eventSettingNames.webhookKey, eventSettingNames.webhookAllowLoopback])
        expect(env[setting], `${name} ${setting}`).toBeUndefined();
    }
    // positive cells among the routes of the webhooks area
    for (const [grant] of settingsOf)
      expect(
        webhookRoutes.some((r) => r.grants.includes(grant)),
        grant,
      ).toBe(true);
  });
});

describe('resource budget of the webhooks area', () => {
  it('its routes, twelve more, the fan-out and the worker stay far below 500 resources', () => {
    const count = (t: { Resources: object }) => Object.keys(t.Resources).length;
    const area = count(webhooksArea().json);
    // five resources per route (the declared webhook routes and the twelve synthetic ones); the fan-out two and its
    // mapping, the worker two and a mapping per queue
    const routeCount = webhookRoutes.length + routes.filter((r) => r.area === 'webhooks').length;
    expect(area).toBe(5 * routeCount + 3 + 4);
    console.info(
      `webhooks area: ${area} resources with ${routeCount} routes (${500 - area} to spare, room for ` +
        `${Math.floor((499 - area) / 5)} more routes); root ${count(s.rootJson)}`,
    );
    expect(area).toBeLessThan(500);
    expect(count(s.rootJson)).toBeLessThan(500);
  });
});

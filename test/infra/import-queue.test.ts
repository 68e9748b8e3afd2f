// The import queue: SQS queue and dead-letter queue in the root stack, the redrive after five deliveries, the
// worker in the `imports` nested stack behind an event source mapping, and who may send to and consume the queue.
import { beforeAll, describe, expect, it } from 'vitest';
import { settingNames } from '#config/env.ts';
import { queueWorkers } from '#config/jobs.ts';
import { routes } from '#http/routes.ts';
import { VISIBILITY_FACTOR } from '../../infra/constructs/work-queue.ts';
import { allowedActions, statements, synthesize, type Synthesized } from './support.ts';

const worker = queueWorkers.find((w) => w.name === 'processImport')!;
let s: Synthesized;
let queueId: string;
let deadLettersId: string;

beforeAll(() => {
  s = synthesize();
  queueId = s.stack.getLogicalId(s.stack.importQueue.queue.node.defaultChild as never);
  deadLettersId = s.stack.getLogicalId(s.stack.importQueue.deadLetters.node.defaultChild as never);
});

const workerParts = () => {
  const area = s.areas.find((a) => a.area === 'imports')!;
  const fn = area.nested.functions.get(worker.name)!;
  const functionId = area.nested.getLogicalId(fn.function.node.defaultChild as never);
  const resource = area.json.Resources[functionId];
  const roleId = area.parameters[resource.Properties!.Role.Ref]['Fn::GetAtt'][0] as string;
  return { area, functionId, resource, role: s.rootJson.Resources[roleId] };
};
/** The queue ARN as the nested stack receives it from the root. */
const isQueueArn = (value: unknown, id: string) =>
  JSON.stringify(value) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] });

describe('the import queue', () => {
  it('is encrypted, parks a message in its dead-letter queue after five deliveries, and waits 6× the worker timeout', () => {
    // the import queue's two, among the root stack's queues (the webhook delivery queues are events out's)
    const queues = Object.fromEntries(
      Object.entries(s.root.findResources('AWS::SQS::Queue')).filter(([id]) => id.startsWith('ImportQueue')),
    );
    expect(Object.keys(queues).sort()).toEqual([queueId, deadLettersId].sort());
    const queue = queues[queueId].Properties;
    expect(queue.VisibilityTimeout).toBe(worker.timeoutSeconds * VISIBILITY_FACTOR);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] },
      maxReceiveCount: worker.maxReceiveCount,
    });
    expect(worker.maxReceiveCount).toBe(5);
    expect(queues[deadLettersId].Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    for (const q of Object.values(queues)) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    // both refuse requests without TLS
    const policies = Object.values(s.root.findResources('AWS::SQS::QueuePolicy')).filter((p) =>
      [queueId, deadLettersId].includes(p.Properties.Queues[0].Ref),
    );
    expect(policies).toHaveLength(2);
    for (const p of policies) expect(JSON.stringify(p.Properties.PolicyDocument)).toContain('aws:SecureTransport');
  });

  it('alarms while a message waits in the dead-letter queue, and only on that queue', () => {
    const alarms = Object.values(s.root.findResources('AWS::CloudWatch::Alarm')).filter((a) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(deadLettersId),
    );
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0].Properties;
    expect(alarm.MetricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(alarm.Namespace).toBe('AWS/SQS');
    expect(alarm.Threshold).toBe(1);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    expect(alarm.TreatMissingData).toBe('notBreaching');
    // positive control: the work queue itself has no such alarm (messages waiting there are normal)
    const onQueue = Object.values(s.root.findResources('AWS::CloudWatch::Alarm')).filter((a) =>
      JSON.stringify(a.Properties.Dimensions ?? []).includes(`"${queueId}"`),
    );
    expect(onQueue).toHaveLength(0);
  });

  it('feeds the worker in the imports stack, one message at a time, with partial batch failures', () => {
    const { area, functionId, resource } = workerParts();
    expect(resource.Properties!.Timeout).toBe(worker.timeoutSeconds);
    expect(resource.Properties!.MemorySize).toBe(worker.memoryMb);
    const mappings = Object.values(area.template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0].Properties;
    expect(mapping.FunctionName).toEqual({ Ref: functionId });
    expect(mapping.BatchSize).toBe(1);
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    // at most two imports at once (each paces its own mails): more wait in the queue
    expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: worker.maxConcurrency });
    expect(worker.maxConcurrency).toBe(2);
    expect(isQueueArn(s.fromRoot('imports', mapping.EventSourceArn), queueId)).toBe(true);
    // the worker is no HTTP route
    expect(area.nested.functions.has(worker.name)).toBe(true);
    expect(routes.some((r) => r.operationId === worker.name)).toBe(false);
  });

  it('is sent to by the upload and the worker, consumed by the worker only', () => {
    const { role, resource } = workerParts();
    expect(allowedActions(role)).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']),
    );
    expect(resource.Properties!.Environment.Variables[settingNames.importQueueUrl]).toBeDefined();
    const upload = s.operation(routes.find((r) => r.operationId === 'startImport')!);
    expect(allowedActions(upload.role)).toContain('sqs:SendMessage');
    expect(allowedActions(upload.role)).not.toContain('sqs:ReceiveMessage');
    expect(upload.function.Properties!.Environment.Variables[settingNames.importQueueUrl]).toBeDefined();
    // nothing else may touch the queue, nor learns its URL
    const onImportQueue = (role: Parameters<typeof statements>[0]) =>
      statements(role).some((st) => JSON.stringify(st.Resource).includes(`"${queueId}"`));
    expect(onImportQueue(upload.role)).toBe(true);
    for (const r of routes.filter((x) => x.operationId !== 'startImport')) {
      const { role: other, function: fn } = s.operation(r);
      expect(onImportQueue(other), r.operationId).toBe(false);
      expect(fn.Properties!.Environment.Variables[settingNames.importQueueUrl], r.operationId).toBeUndefined();
    }
  });
});

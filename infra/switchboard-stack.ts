import { type CfnResource, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { settingNames, eventSettingNames } from '#config/env.ts';
import {
  auditEventStreamFilter,
  eventFanOut,
  webhookDelivery,
  type DeliveryWorkerDef,
  type StreamConsumerDef,
} from '#config/events.ts';
import { jobs as jobTable, queueWorkers as workerTable, type JobDef, type QueueWorkerDef } from '#config/jobs.ts';
import { tableDefinition } from '#config/table.ts';
import { routes as routeTable } from '#http/routes.ts';
import { handlerFile, type Area, type Grant, type RouteDef } from '#http/route-types.ts';
import { AccessRoles } from './constructs/access-roles.ts';
import { ApiArea, type QueueWorker, type StreamConsumer } from './constructs/api-area.ts';
import { DataTable } from './constructs/data-table.ts';
import { EventsOut } from './constructs/events-out.ts';
import { generatedSecret } from './constructs/generated-secret.ts';
import { PublicApi } from './constructs/http-api.ts';
import { Identity } from './constructs/identity.ts';
import { MailSender } from './constructs/mail-sender.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { WorkQueue } from './constructs/work-queue.ts';
import { repoPath } from './paths.ts';
import type { Settings } from './settings.ts';

/** A default AWS account's Lambda concurrency (1000) less the 100 that Lambda keeps unreserved. */
const maxReservedConcurrency = 900;

export interface SwitchboardStackProps extends StackProps {
  settings: Settings;
  /** The route table; tests pass a synthetic one to prove capacity. */
  routes?: RouteDef[];
  /** The scheduled jobs; tests pass synthetic ones. */
  jobs?: JobDef[];
  /** The queue workers (the import worker); tests may pass none. */
  queueWorkers?: QueueWorkerDef[];
  /** Events out: the stream's fan-out and the webhook delivery worker (tests may pass variants). */
  eventFanOut?: StreamConsumerDef;
  webhookDelivery?: DeliveryWorkerDef;
  /** Handler module of an operation or job. */
  entryFor?: (operationId: string) => string;
}

/**
 * Everything Switchboard runs on. The root stack holds the shared pieces (table, pool, secrets, API, roles);
 * each route area's functions and routes live in a nested stack, built from the route table alone.
 */
export class SwitchboardStack extends Stack {
  readonly areas = new Map<Area, ApiArea>();
  readonly roles: AccessRoles;
  readonly importQueue: WorkQueue;
  readonly eventsOut: EventsOut;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: SwitchboardStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const routes = props.routes ?? routeTable;
    const jobs = props.jobs ?? jobTable;
    const workers = props.queueWorkers ?? workerTable;
    const entryFor = props.entryFor ?? ((operationId: string) => repoPath(handlerFile(operationId)));

    const fanOut = props.eventFanOut ?? eventFanOut;
    const delivery = props.webhookDelivery ?? webhookDelivery;
    const data = new DataTable(this, 'Data');
    const { table } = data;
    const identity = new Identity(this, 'Identity', { stage: settings.stage });
    const mail = new MailSender(this, 'Mail', { fromAddress: settings.mailFrom });
    const operatorKey = generatedSecret(this, 'OperatorKey', {
      description: `Switchboard ${settings.stage}: the X-Operator-Key that authorizes operator calls (creating accounts)`,
      generate: { passwordLength: 48, excludePunctuation: true },
      manualRotation:
        'Rotated by the operator, who hands the key to the people who create accounts; automatic rotation would lock them out without notice. docs/operations.md: "Rotating the operator key".',
    });
    const sealingKey = generatedSecret(this, 'SealingKey', {
      description: `Switchboard ${settings.stage}: the secret the HMAC keys of paging cursors, refresh grants and MFA sign-in sessions derive from (one key per purpose)`,
      generate: { passwordLength: 64, excludePunctuation: true },
      manualRotation:
        'Rotating it voids open paging cursors, refresh grants (everyone signs in again) and MFA sign-ins in flight, so the operator chooses when; docs/operations.md: "Rotating the sealing key".',
    });

    // the import queue and its dead letters, in the root stack beside the roles that send to it and consume it
    const importWorker = workerTable.find((w) => w.queueUrlSetting === settingNames.importQueueUrl)!;
    const imports = new WorkQueue(this, 'ImportQueue', {
      stage: settings.stage,
      worker: importWorker,
      runbook: 'ImportQueueDeadLettersAlarm',
    });
    this.importQueue = imports;
    // events out: the delivery queues, the fan-out's dead letters, the bus and the webhook key, beside the roles
    const events = new EventsOut(this, 'EventsOut', { stage: settings.stage, fanOut, delivery });
    this.eventsOut = events;
    const webhookQueues = [events.firstAttempts.queue, events.retries.queue];

    const api = new PublicApi(this, 'Http', {
      stage: settings.stage,
      logRetention: settings.logRetentionDays,
      throttle: { rateLimit: settings.throttleRateLimit, burstLimit: settings.throttleBurstLimit },
    });
    this.roles = new AccessRoles(this, 'Access', {
      stage: settings.stage,
      table,
      userPool: identity.userPool,
      mail,
      operatorKey,
      sealingKey,
      importQueue: imports.queue,
      tableStreamArn: data.streamArn,
      fanOutDeadLetters: events.fanOutDeadLetters,
      webhookQueues,
      webhookKey: events.webhookKey,
      eventBus: events.bus,
      tracing: settings.tracing,
    });

    const common: Record<string, string> = {
      [settingNames.tableName]: table.tableName,
      [settingNames.userPoolId]: identity.userPool.userPoolId,
      [settingNames.userPoolClientId]: identity.client.userPoolClientId,
      [settingNames.tokenIssuer]: identity.issuer,
      [settingNames.mailFrom]: settings.mailFrom,
      // without an app of the deployer's own, mailed links open the hosted pages on this API (no cycle: the nested
      // stacks already take the API's id from the root, and the API depends on nothing of theirs)
      [settingNames.appUrl]: settings.appUrl ?? api.api.apiEndpoint,
      [settingNames.invitationTtlSeconds]: String(settings.invitationTtlSeconds),
    };
    const environmentFor = (needs: { grants: readonly Grant[] }): Record<string, string> => ({
      ...common,
      ...(needs.grants.includes('secret:operator-key') && {
        [settingNames.operatorKeySecretArn]: operatorKey.secretArn,
      }),
      // the secret's ARN only: the functions that seal read the value at run time (never in their configuration)
      ...(needs.grants.includes('secret:sealing-key') && { [settingNames.sealingSecretArn]: sealingKey.secretArn }),
      ...(needs.grants.includes('queue:send') && { [settingNames.importQueueUrl]: imports.queue.queueUrl }),
      ...(needs.grants.includes('webhooks:send') && {
        [eventSettingNames.webhookQueueUrl]: events.firstAttempts.queue.queueUrl,
        [eventSettingNames.webhookRetryQueueUrl]: events.retries.queue.queueUrl,
      }),
      ...(needs.grants.includes('secret:webhook-key') && {
        [eventSettingNames.webhookKeySecretArn]: events.webhookKey.secretArn,
      }),
      ...(needs.grants.includes('events:put') && { [eventSettingNames.eventBusName]: events.bus.eventBusName }),
    });

    const byArea = new Map<
      Area,
      { routes: RouteDef[]; jobs: JobDef[]; workers: QueueWorker[]; consumers: StreamConsumer[] }
    >();
    const areaOf = (area: Area) =>
      byArea.get(area) ?? byArea.set(area, { routes: [], jobs: [], workers: [], consumers: [] }).get(area)!;
    for (const route of routes) areaOf(route.area).routes.push(route);
    for (const job of jobs) areaOf(job.area).jobs.push(job);
    for (const worker of workers) areaOf(worker.area).workers.push({ worker, queues: [{ queue: imports.queue }] });
    areaOf(delivery.area).workers.push({
      worker: delivery,
      queues: [
        { queue: events.firstAttempts.queue, label: 'FirstAttempts' },
        { queue: events.retries.queue, label: 'Retries' },
      ],
    });
    areaOf(fanOut.area).consumers.push({
      consumer: fanOut,
      streamArn: data.streamArn,
      filter: auditEventStreamFilter,
      deadLetters: events.fanOutDeadLetters,
    });
    // an area with no function gets no stack: CloudFormation rejects a template without resources
    for (const [area, { routes: areaRoutes, jobs: areaJobs, workers: areaWorkers, consumers }] of byArea) {
      this.areas.set(
        area,
        new ApiArea(this, `${area.charAt(0).toUpperCase()}${area.slice(1)}Routes`, {
          stage: settings.stage,
          area,
          routes: areaRoutes,
          jobs: areaJobs,
          queueWorkers: areaWorkers,
          streamConsumers: consumers,
          api: api.api,
          roleFor: (grants) => this.roles.roleFor(grants),
          environmentFor,
          // a file beside each bundle, not BRAND in the environment (4 KB in all; a data URL logo may take 20 KB)
          brand: settings.brand,
          entryFor,
          logRetention: settings.logRetentionDays,
          publicRouteConcurrency: settings.publicRoutes.concurrency,
          observability: { tracing: settings.tracing, debugLogSampleRate: settings.debugLogSampleRate },
        }),
      );
    }
    // the public routes that do work for anyone: a stage throttle each (their functions reserve their concurrency)
    const floodLimited = routes.filter((route) => route.floodLimited);
    const reserved = floodLimited.length * (settings.publicRoutes.concurrency ?? 0);
    if (reserved > maxReservedConcurrency)
      throw new Error(
        `Context value "publicRouteConcurrency" reserves ${reserved} concurrent executions (${settings.publicRoutes.concurrency} for each of ${floodLimited.length} public routes), more than the ${maxReservedConcurrency} a default AWS account can reserve (its limit of 1000, less the 100 Lambda keeps unreserved): choose at most ${Math.floor(maxReservedConcurrency / floodLimited.length)}, or 0 / "off"`,
      );
    api.throttleRoutes(
      floodLimited.map((route) => `${route.method} ${route.path}`),
      settings.publicRoutes,
      [...new Set(floodLimited.map((route) => this.areas.get(route.area)!))].map(
        (area) => area.nestedStackResource as CfnResource,
      ),
    );

    events.watch({
      fanOut: this.areas.get(fanOut.area)!.functions.get(fanOut.name)!.function,
      delivery: this.areas.get(delivery.area)!.functions.get(delivery.name)!.function,
    });

    // the alarms, their topic and the dashboard: a fixed number of resources in this stack, whatever the routes
    const cleanupJob = jobs.find((job) => job.name === 'cleanupInvitations');
    const cleanupFunction = cleanupJob && this.areas.get(cleanupJob.area)?.functions.get(cleanupJob.name);
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: settings.stage,
      alarmEmail: settings.alarmEmail,
      api: api.api,
      table,
      indexNames: tableDefinition.indexes.map((index) => index.name),
      ...(cleanupJob &&
        cleanupFunction && {
          cleanup: {
            function: cleanupFunction.function,
            logGroup: cleanupFunction.logGroup,
            everyMinutes: cleanupJob.everyMinutes,
          },
        }),
      otherAlarms: [imports.deadLetterAlarm, ...events.alarms],
      // the areas that answer requests (an area of jobs only publishes no request metrics)
      areas: [...new Set(routes.map((route) => route.area))],
    });

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('ApiUrl', api.url, 'Base URL of the API (routes start with /v1)');
    output('UserPoolId', identity.userPool.userPoolId, 'Cognito user pool id');
    output(
      'UserPoolClientId',
      identity.client.userPoolClientId,
      'Cognito app client id (confidential: USER_PASSWORD_AUTH with SECRET_HASH, only the functions hold the secret)',
    );
    output('TableName', table.tableName, 'DynamoDB table name');
    output('OperatorKeySecretArn', operatorKey.secretArn, 'Secrets Manager secret holding the X-Operator-Key value');
    output(
      'EventBusName',
      events.bus.eventBusName,
      'EventBridge bus every audit event is put on (source "switchboard", detail-type the event type)',
    );
    output('EventBusArn', events.bus.eventBusArn, 'ARN of that bus, for rules and cross-account targets');
  }
}

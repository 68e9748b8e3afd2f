import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { DeliveryWorkerDef, StreamConsumerDef } from '#config/events.ts';
import type { JobDef, QueueWorkerDef } from '#config/jobs.ts';
import type { RouteDef } from '#http/route-types.ts';
import { readSettings } from './settings.ts';
import { SwitchboardStack } from './switchboard-stack.ts';

export interface BuildOptions {
  /** Extra context (tests pass cdk.json's context plus `aws:cdk:bundling-stacks`). */
  context?: Record<string, unknown>;
  routes?: RouteDef[];
  jobs?: JobDef[];
  queueWorkers?: QueueWorkerDef[];
  eventFanOut?: StreamConsumerDef;
  webhookDelivery?: DeliveryWorkerDef;
  entryFor?: (operationId: string) => string;
}

/** The app as `cdk synth` builds it; tests call this too, so they check exactly what gets deployed. */
export function buildApp(options: BuildOptions = {}) {
  const app = new App({ context: options.context });
  const settings = readSettings(app.node);
  const stack = new SwitchboardStack(app, `Switchboard-${settings.stage}`, {
    description: `Switchboard user-management backend (${settings.stage})`,
    settings,
    routes: options.routes,
    jobs: options.jobs,
    queueWorkers: options.queueWorkers,
    eventFanOut: options.eventFanOut,
    webhookDelivery: options.webhookDelivery,
    entryFor: options.entryFor,
  });
  const nag = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(nag);
  return { app, stack, settings, nag };
}

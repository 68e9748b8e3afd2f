import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { catalogueFiles, deploymentBrandFileName, type DataFile } from '#config/data-files.ts';
import type { DeploymentBrand } from '#domain/brand.ts';
import { bundleEnvironment, bundlingWith } from '../bundling.ts';
import { repoPath } from '../paths.ts';

/** Function defaults shared by every operation, in one place. */
export const functionDefaults = {
  runtime: Runtime.NODEJS_22_X,
  architecture: Architecture.ARM_64,
  // 512 MB buys the CPU that bundle parsing, JWKS fetches and Cognito round trips want at cold start
  memorySize: 512,
  // accept-invitation and sign-in wait on Cognito; nothing else comes close
  timeout: Duration.seconds(10),
} as const;

/** Function log groups live under this prefix, so shared roles can be granted exactly "this deployment's function logs". */
export const functionLogPrefix = (stage: string): string => `/switchboard/${stage}/`;

/** Powertools' service name and metrics namespace, the same for every function (the metrics' `service` dimension). */
export const powertools = { serviceName: 'switchboard', metricsNamespace: 'Switchboard' } as const;

/** The logs, metrics and traces settings every function of a deployment gets (contexts `tracing`, `debugLogSampleRate`). */
export interface ObservabilitySettings {
  tracing: boolean;
  debugLogSampleRate: number;
}

/**
 * The environment Powertools reads: who is logging and measuring, into which namespace, at which level, and which
 * share of invocations logs debug lines too. About 150 bytes of the environment's 4 KB.
 */
export const observabilityEnvironment = (settings: ObservabilitySettings): Record<string, string> => ({
  POWERTOOLS_SERVICE_NAME: powertools.serviceName,
  POWERTOOLS_METRICS_NAMESPACE: powertools.metricsNamespace,
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_LOGGER_SAMPLE_RATE: String(settings.debugLogSampleRate),
  // traces carry timings and annotations, never a handler's result (tokens, members) as metadata
  ...(settings.tracing ? { POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false' } : {}),
});

export interface ApiFunctionProps {
  stage: string;
  /** Nested stack the function lives in; part of the log group name so a route can move between areas. */
  area: string;
  operationId: string;
  /** Absolute path of the handler module. */
  entry: string;
  description: string;
  /** Shared role for the operation's grant set (one per distinct set, created in the root stack). */
  role: IRole;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  /** Data files the function reads at run time, copied beside its index.mjs (the message catalogues always are). */
  dataFiles?: readonly DataFile[];
  /**
   * The deployment brand, written beside its index.mjs as `deployment-brand.json` (the stack gives every function
   * the brand of context `brand`). Without it the function reads BRAND from its environment, else the default brand.
   */
  brand?: DeploymentBrand;
  /** Instead of the defaults (a queue worker runs minutes, not seconds). */
  timeout?: Duration;
  memorySize?: number;
  /** Concurrent executions reserved for (and the most allowed to) this function: the flood-limited public routes. */
  reservedConcurrentExecutions?: number;
  /** Powertools' environment, and X-Ray active tracing with a tracing bundle when `tracing`; unset: neither. */
  observability?: ObservabilitySettings;
}

/** One operation's Lambda function and its log group. */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  /** The deployment brand shipped beside its index.mjs, if any. */
  readonly brand: DeploymentBrand | undefined;
  /** The bundling props its bundle is built with (the tracing define among them). */
  readonly bundling: BundlingOptions;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    this.brand = props.brand;
    const tracing = props.observability?.tracing ?? false;
    // the message catalogues beside every function: any route, job or worker may write a mail or a page
    // and the deployment brand, which may hold a 20 KB data URL logo: too big for the environment's 4 KB
    this.bundling = bundlingWith(
      [...catalogueFiles, ...(props.dataFiles ?? [])],
      props.brand ? [{ name: deploymentBrandFileName, content: JSON.stringify(props.brand) }] : [],
      { tracing },
    );
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `${functionLogPrefix(props.stage)}${props.area}/${props.operationId}`,
      retention: props.logRetention,
      // the name is fixed: a retained group would block the next deployment that creates it again
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new NodejsFunction(this, 'Function', {
      ...functionDefaults,
      ...(props.timeout ? { timeout: props.timeout } : {}),
      ...(props.memorySize ? { memorySize: props.memorySize } : {}),
      ...(props.reservedConcurrentExecutions !== undefined && {
        reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      }),
      entry: props.entry,
      handler: 'handler',
      projectRoot: repoPath(),
      depsLockFilePath: repoPath('package-lock.json'),
      bundling: this.bundling,
      description: props.description.slice(0, 256),
      role: props.role,
      logGroup: this.logGroup,
      // Powertools writes each line as JSON itself and decides its level (POWERTOOLS_LOG_LEVEL, raised to debug for
      // the sampled invocations). Lambda's JSON format would filter by level too (INFO unless set lower) and drop
      // every sampled debug line, and a lower Lambda level would win over Powertools' and log debug everywhere.
      loggingFormat: LoggingFormat.TEXT,
      ...(tracing && { tracing: Tracing.ACTIVE }),
      environment: {
        ...bundleEnvironment,
        ...(props.observability && observabilityEnvironment(props.observability)),
        ...props.environment,
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: bundles target node22 (infra/bundling.ts) and the bench measures that runtime; moving to a newer runtime is a deliberate change of both.',
    });
  }
}

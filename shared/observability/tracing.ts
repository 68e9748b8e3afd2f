/**
 * X-Ray traces through the Powertools tracer, off by default. The bundles are built with `process.env.SB_TRACING`
 * defined as "on" or "off" (CDK context `tracing`): off, the branch below is dead code and esbuild leaves the tracer out
 * of the bundle altogether; unset (tsx, tests) it is off too.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';

const tracer: Tracer | undefined =
  process.env.SB_TRACING === 'on'
    ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName: 'switchboard' })
    : undefined;

/** Whether this bundle traces at all. */
export const tracingOn = (): boolean => tracer !== undefined;

/** An AWS SDK v3 client whose calls become subsegments when tracing is on; the client itself otherwise. */
export function traceClient<C>(client: C): C {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}

/**
 * Runs one invocation's work in a `## <name>` subsegment annotated with bounded values (route, area: annotations are
 * indexed, so never an account or a user), as Powertools' handler capture does. Tracing off: just runs it.
 */
export async function traceInvocation<T>(
  name: string,
  annotations: Record<string, string>,
  run: () => Promise<T>,
): Promise<T> {
  const parent = tracer?.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!tracer || !parent) return run();
  const segment = parent.addNewSubsegment(`## ${name}`);
  tracer.setSegment(segment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  for (const [key, value] of Object.entries(annotations)) tracer.putAnnotation(key, value);
  try {
    return await run();
  } catch (error) {
    // a refusal the client caused (a domain error with a 4xx status) is an answer, not a fault of the function
    const status = (error as { status?: unknown }).status;
    if (!(typeof status === 'number' && status < 500)) tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    segment.close();
    tracer.setSegment(parent);
  }
}

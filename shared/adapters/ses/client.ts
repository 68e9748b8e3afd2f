import { SESv2Client } from '@aws-sdk/client-sesv2';
import { traceClient } from '#observability/tracing.ts';

export const sesClient = traceClient(new SESv2Client({ maxAttempts: 2 }));

import { logger } from '#observability/logger.ts';

const noted = new Set<string>();

/**
 * Runs a Cognito call that production relies on. The local emulator (cognito-local) answers some operations with
 * `Unsupported` (AWS never does): that gap is noted once per process and the call is treated as done, because the
 * service's own per-request checks are what guarantee the outcome anyway. Every other error propagates.
 */
export async function tolerateEmulatorGap(operation: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if ((error as Error).name !== 'Unsupported') throw error;
    if (noted.has(operation)) return;
    noted.add(operation);
    logger.warn("identity provider does not support this operation; relying on the service's own checks", {
      operation,
    });
  }
}

/**
 * Writes a request starts that its answer need not wait for (an API key's last use), but that must end within the
 * invocation: a Lambda may be frozen once it has answered. The pipeline awaits them after the operation.
 */
const pending = new Set<Promise<void>>();

export function runBeside(write: Promise<void>): void {
  const tracked = write.finally(() => pending.delete(tracked));
  pending.add(tracked);
}

export async function settleBackgroundWrites(): Promise<void> {
  await Promise.all([...pending]);
}

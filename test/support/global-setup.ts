/**
 * Vitest globalSetup of the "integration" project: local stacks (`local/start.ts`), each on free ports with a
 * throwaway DATA_DIR, so `npm test` runs beside `npm start`. Integration files run in parallel, one per worker, and
 * each worker talks to a stack of its own (test/support/http.ts `stack()`): the test controls (clock offset, armed
 * SDK faults, the mailbox) are per stack, so files never see each other's. INTEGRATION_STACKS sets how many (default:
 * the number of workers vitest runs, at most 2 on this 2-core machine's budget).
 */
import type { TestProject } from 'vitest/node';
import { freePorts, startStack } from './stack-process.ts';
import './stack-info.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const count = stackCount(project);
  const ports = await freePorts(4 * count);
  const stacks = await Promise.all(
    Array.from({ length: count }, (_, i) => startStack({ timeoutMs: 120_000, ports: ports.slice(4 * i, 4 * i + 4) })),
  );
  project.provide(
    'stacks',
    stacks.map((s) => s.info),
  );
  return async () => {
    const problems: string[] = [];
    for (const stack of stacks) {
      const { code, signal, survivors } = await stack.stop();
      if (survivors.length) problems.push(`emulator processes outlived the local stack: ${survivors.join(', ')}`);
      if (code !== 0) problems.push(`local stack ended with ${code ?? signal}:\n${stack.output()}`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
  };
}

function stackCount(project: TestProject): number {
  const asked = Number(process.env.INTEGRATION_STACKS);
  if (Number.isInteger(asked) && asked > 0) return asked;
  const workers = Number(project.vitest.config.maxWorkers) || 1;
  return Math.max(1, Math.min(2, workers));
}

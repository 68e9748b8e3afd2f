/**
 * Vitest globalSetup of the "integration" project: one local stack (`local/start.ts`) on free ports with a
 * throwaway DATA_DIR, so `npm test` runs beside `npm start`. Test files reach it through `inject('stack')`.
 */
import type { TestProject } from 'vitest/node';
import { startStack } from './stack-process.ts';
import './stack-info.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack({ timeoutMs: 90_000 });
  project.provide('stack', stack.info);
  return async () => {
    const { code, signal, survivors } = await stack.stop();
    if (survivors.length) throw new Error(`emulator processes outlived the local stack: ${survivors.join(', ')}`);
    if (code !== 0) throw new Error(`local stack ended with ${code ?? signal}:\n${stack.output()}`);
  };
}

// The signal behind the CleanupLeftWork alarm: the scheduled cleanup logs the line the metric filter counts when, and
// only when, a run stopped at its budget. The stores are stubbed: only the handler's logging is under test here.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanupReport } from '../builders/cleanup.ts';
import { cleanupLeftWorkMessage } from '#config/jobs.ts';

const report = cleanupReport;
let next = report(false);

vi.mock('#adapters/dynamodb/invitation-cleanup-store.ts', () => ({
  invitationCleanupStore: { expireDue: async () => next },
}));
vi.mock('#adapters/dynamodb/lifecycle-store.ts', () => ({
  lifecycleStore: { finishPendingCloses: async () => ({ found: 0, finished: 0 }) },
}));

const lines: string[] = [];
let savedLevel: string | undefined;
beforeEach(() => {
  lines.length = 0;
  savedLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  // Powertools writes through a Console of its own on the process streams, not through console.log
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation(
      (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean)) > 0,
    );
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env.LOG_LEVEL = savedLevel;
});

const run = async (more: boolean) => {
  next = report(more);
  const { handler } = await import('../../functions/cleanup-invitations.ts');
  await handler({} as never);
  return lines.filter((line) => line.includes(cleanupLeftWorkMessage));
};

describe('the cleanup run that left work', () => {
  it('logs the counted line once, at warn, when the run stopped at its budget', async () => {
    const counted = await run(true);
    expect(counted).toHaveLength(1);
    expect(JSON.parse(counted[0])).toMatchObject({ level: 'WARN', message: cleanupLeftWorkMessage, expired: 500 });
  });

  it('logs no such line when the run finished (its report line still comes)', async () => {
    expect(await run(false)).toEqual([]);
    expect(lines.some((line) => line.includes('"message":"invitation cleanup"'))).toBe(true);
  });
});

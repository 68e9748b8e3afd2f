// The scheduled cleanup publishes what it did: the invitations it expired, and whether it left work (0 or 1 a run).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanupReport } from '../builders/cleanup.ts';
import { type EmfDocument, setMetricsSink } from '#observability/metrics.ts';

const report = cleanupReport;
let next = report(false);

vi.mock('#adapters/dynamodb/invitation-cleanup-store.ts', () => ({
  invitationCleanupStore: { expireDue: async () => next },
}));
vi.mock('#adapters/dynamodb/lifecycle-store.ts', () => ({
  lifecycleStore: { finishPendingCloses: async () => ({ found: 0, finished: 0 }) },
}));

let documents: EmfDocument[];
beforeEach(() => {
  documents = [];
  setMetricsSink((document) => documents.push(document));
});
afterEach(() => setMetricsSink(undefined));

const run = async (more: boolean) => {
  next = report(more);
  const { handler } = await import('../../functions/cleanup-invitations.ts');
  await handler({} as never);
};

describe('the cleanup job', () => {
  it('one document per run: the expired count, and cleanupLeftWork 1 when it stopped at its budget', async () => {
    await run(true);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ cleanupExpired: 500, cleanupLeftWork: 1 });
  });

  it('a run that finished publishes cleanupLeftWork 0 beside its count (positive control)', async () => {
    await run(false);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ cleanupExpired: 3, cleanupLeftWork: 0 });
  });
});

/**
 * The scheduled invitation cleanup (functions/cleanup-invitations.ts), run through the local runtime's
 * POST /__test/cleanup, which calls the same handler the schedule does and returns its report.
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  INVITATION_EXPIRY_SHARDS,
  expiringInvitations,
  invitationItem,
  invitationKey,
  timeBound,
} from '#adapters/dynamodb/entities/invitation.ts';
import { memberEmailKey } from '#adapters/dynamodb/entities/user.ts';
import { newInvitation } from '#domain/invitation-rules.ts';
import type { CleanupReport } from '#ports/invitations.ts';
import { closeDynamo, ddb, storedItem } from '../../support/dynamo.ts';
import { call, clock, runCleanup, stack } from '../../support/http.ts';
import { newAccount, PASSWORD } from '../../builders/api.ts';
import { acceptLink, invite, inviteeEmail, linkOf, listAll } from '../../builders/invitations.ts';

const DAY = 24 * 3600;
afterAll(closeDynamo);
afterEach(async () => {
  await clock(0);
});

const cleanup = async () => ((await runCleanup()) as { result: CleanupReport }).result;

/** Expires whatever other tests left pending, so that a test sees only its own invitations. */
async function flush(offsetSeconds: number) {
  await clock(offsetSeconds);
  for (let run = 0; run < 50; run++) if (!(await cleanup()).more) break;
}

const emailClaim = (accountId: string, email: string) => storedItem(memberEmailKey(accountId, email));

describe('scheduled invitation cleanup', () => {
  it('marks exactly the expired ones, frees their addresses, keeps their links answering 410, and a second run does nothing', async () => {
    await flush(8 * DAY);
    await clock(0);
    const manager = await newAccount('Cleanup Co');
    const [a, b] = [inviteeEmail('a'), inviteeEmail('b')];
    const early = await invite(manager, [a, b]);
    const tokenA = await linkOf(a);
    await clock(4 * DAY);
    const late = await invite(manager, [inviteeEmail('late')]);
    expect(await emailClaim(manager.accountId, a)).toBeDefined();

    await clock(7 * DAY + 60);
    const first = await cleanup();
    expect(first).toMatchObject({ expired: 2, skipped: 0, more: false, itemsRead: 2 });
    expect((await listAll(manager, 'expired')).map((i) => i.id).sort()).toEqual(
      early.results.map((r) => r.invitationId).sort(),
    );
    expect((await listAll(manager, 'pending')).map((i) => i.id)).toEqual([late.results[0].invitationId]);
    // the held addresses are free again; the token lookups stay, so the old link still says why it fails
    expect(await emailClaim(manager.accountId, a)).toBeUndefined();
    const refused = await acceptLink(tokenA, PASSWORD);
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ code: 'invitation_expired' });
    const events = await call('GET', `/v1/accounts/${manager.accountId}/events?type=invitation.expired`, {
      token: manager.token,
    });
    expect(events.status).toBe(200);
    expect(
      (events.body as { items: { actor: { kind: string }; target: { invitationId: string } }[] }).items
        .map((e) => e.target.invitationId)
        .sort(),
    ).toEqual(early.results.map((r) => r.invitationId).sort());

    const second = await cleanup();
    expect(second).toMatchObject({ expired: 0, itemsRead: 0, transactions: 0 });
    const again = await call('GET', `/v1/accounts/${manager.accountId}/events?type=invitation.expired`, {
      token: manager.token,
    });
    expect((again.body as { items: unknown[] }).items).toHaveLength(2);
  });

  it('two runs at once expire each invitation once', async () => {
    await flush(8 * DAY);
    await clock(0);
    const manager = await newAccount('Parallel Cleanup');
    const invited = await invite(
      manager,
      Array.from({ length: 30 }, (_, i) => inviteeEmail(`p${i}`)),
    );
    const ids = invited.results.map((r) => r.invitationId).sort();
    expect(ids).toHaveLength(30);
    await clock(8 * DAY);
    const [x, y] = await Promise.all([cleanup(), cleanup()]);
    expect(x.expired + y.expired).toBe(30);
    const events = await call('GET', `/v1/accounts/${manager.accountId}/events?type=invitation.expired&limit=100`, {
      token: manager.token,
    });
    expect((events.body as { items: unknown[] }).items).toHaveLength(30);
    const expired = await listAll(manager, 'expired');
    expect(expired.map((i) => i.id).sort()).toEqual(ids);
    expect(expired.map((i) => i.status)).toEqual(Array(30).fill('expired'));
    expect(await listAll(manager, 'pending')).toEqual([]);
  });

  it('reads scale with the expired invitations, not the live ones (10,000 live + 50 expired)', async () => {
    await flush(8 * DAY);
    await clock(0);
    // 10,000 live pending invitations, written straight into the table: in GSI4 like any pending invitation
    // (their GSI3 listing keys are left out: the cleanup never reads GSI3, and seeding stays well under a minute)
    const liveAccount = `01LIVE${randomBytes(10).toString('hex').toUpperCase()}`;
    const now = new Date();
    const items = Array.from({ length: 10_000 }, (_, n) => {
      const {
        GSI3PK: _pk,
        GSI3SK: _sk,
        ...item
      } = invitationItem(
        newInvitation({
          id: `01LIVEINV${String(n).padStart(8, '0')}${randomBytes(2).toString('hex').toUpperCase()}`,
          accountId: liveAccount,
          email: `live${n}@example.org`,
          role: 'user',
          kind: 'invite',
          userId: null,
          message: null,
          invitedBy: { kind: 'system' },
          now,
          ttlSeconds: 60 * DAY,
          placement: null,
        }).invitation,
      );
      return item;
    });
    const started = performance.now();
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    for (let i = 0; i < batches.length; i += 40) {
      await Promise.all(
        batches.slice(i, i + 40).map(async (batch) => {
          let request: BatchWriteCommand['input']['RequestItems'] = {
            [stack().tableName]: batch.map((item) => ({ PutRequest: { Item: item } })),
          };
          while (request && Object.keys(request).length)
            request = (await ddb().send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems;
        }),
      );
    }
    const seedSeconds = (performance.now() - started) / 1000;

    // 50 expired ones, made through the API
    const manager = await newAccount('Scale Cleanup');
    expect(
      (
        await invite(
          manager,
          Array.from({ length: 50 }, (_, i) => inviteeEmail(`x${i}`)),
        )
      ).results.every((r) => r.status === 'invited'),
    ).toBe(true);
    await clock(8 * DAY);

    const first = await cleanup();
    expect(first).toMatchObject({ expired: 50, itemsRead: 50, more: false });
    const second = await cleanup();
    expect(second).toMatchObject({ expired: 0, itemsRead: 0 });
    // reading the 10,050 items (~0.8 KB each, eventually consistent: 0.5 RCU per 4 KB) would cost ~1,000 RCU
    expect(first.readUnits).toBeLessThan(20);
    expect(second.readUnits).toBeLessThanOrEqual(first.readUnits);
    console.info(
      `cleanup: seeded 10,000 live in ${seedSeconds.toFixed(1)} s; run 1 ${JSON.stringify(first)}; run 2 ${JSON.stringify(second)}; ` +
        `per expired invitation ${(first.readUnits / 50).toFixed(3)} RCU, ${(first.writeUnits / 50).toFixed(2)} WCU`,
    );

    // the live ones are untouched: all 10,000 still pending, still in GSI4 (a COUNT of this account's keys there)
    let live = 0;
    for (let shard = 0; shard < INVITATION_EXPIRY_SHARDS; shard++) {
      let start: QueryCommand['input']['ExclusiveStartKey'];
      do {
        const out = await ddb().send(
          new QueryCommand({
            TableName: stack().tableName,
            IndexName: 'GSI4',
            Select: 'COUNT',
            ExclusiveStartKey: start,
            KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK > :later',
            FilterExpression: 'accountId = :a',
            ExpressionAttributeValues: {
              ':pk': expiringInvitations.partition(shard),
              ':later': timeBound(new Date(Date.now() + 8 * DAY * 1000).toISOString()),
              ':a': liveAccount,
            },
          }),
        );
        live += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
    }
    expect(live).toBe(10_000);
    const sample = await ddb().send(
      new GetCommand({ TableName: stack().tableName, Key: invitationKey(liveAccount, String(items[123].id)) }),
    );
    expect(sample.Item).toMatchObject({ status: 'pending' });
  }, 420_000);
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describePattern as row,
  entityModules,
  isQueryPattern,
  renderDataModel,
} from '#adapters/dynamodb/data-model-doc.ts';
import { KEY_ATTRIBUTES } from '#adapters/dynamodb/entity.ts';
import { auditEventItem, eventsOfMember, eventsOfType } from '#adapters/dynamodb/entities/audit-event.ts';
import {
  expiringInvitations,
  invitationExpiryShard,
  invitationItem,
  invitationsByStatus,
} from '#adapters/dynamodb/entities/invitation.ts';
import { membersUnderPath, userItem, usersByStatus, usersByUsername } from '#adapters/dynamodb/entities/user.ts';
import { tableDefinition } from '#config/table.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';

const root = join(import.meta.dirname, '../..');
const patterns = entityModules.flatMap((m) => m.patterns.map(row));

describe('the data-model document', () => {
  it('is what the entity modules render (run `npm run docs:data-model` after changing an entity)', () => {
    const onDisk = readFileSync(join(root, 'docs/data-model.md'), 'utf8');
    expect(renderDataModel()).toBe(onDisk);
  });

  it('numbers every named access pattern once, with its index, key condition and cost', () => {
    const doc = renderDataModel();
    const names = patterns.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of patterns) {
      expect(doc).toContain(`\`${p.name}\``);
      expect(p.cost.length, p.name).toBeGreaterThan(0);
      expect(p.roundTrips.length, p.name).toBeGreaterThan(0);
    }
    // the README's tables had 57 rows between them: none is lost
    expect(patterns.length).toBeGreaterThanOrEqual(57);
  });
});

describe('the entity layer', () => {
  it('names the index key attributes as the table definition declares them', () => {
    expect(KEY_ATTRIBUTES.table).toEqual({ pk: tableDefinition.partitionKey, sk: tableDefinition.sortKey });
    for (const index of tableDefinition.indexes)
      expect(KEY_ATTRIBUTES[index.name]).toEqual({ pk: index.partitionKey, sk: index.sortKey });
    for (const p of entityModules.flatMap((m) => m.patterns).filter(isQueryPattern))
      expect(Object.keys(KEY_ATTRIBUTES)).toContain(p.query.index);
  });

  it('puts items into the partitions their Query patterns read', () => {
    const user = {
      id: 'u1',
      accountId: 'a1',
      username: 'ada',
      status: 'active',
      unitId: 'r',
      unitPath: '/r/',
    } as User;
    const item = userItem(user);
    const at = (p: { index: keyof typeof KEY_ATTRIBUTES }) => item[KEY_ATTRIBUTES[p.index].pk];
    expect(at(usersByUsername)).toBe(usersByUsername.partition('a1'));
    expect(at(usersByStatus)).toBe(usersByStatus.partition('a1', 'active'));
    expect(at(membersUnderPath)).toBe(membersUnderPath.partition('a1'));
    expect(String(item[KEY_ATTRIBUTES.GSI3.sk]).startsWith(membersUnderPath.prefix('/r/', false))).toBe(true);
    // closed members leave the default and the unit listings, and stay listable by status
    const closed = userItem({ ...user, status: 'closed' });
    expect(closed).not.toHaveProperty(KEY_ATTRIBUTES.GSI1.pk);
    expect(closed).not.toHaveProperty(KEY_ATTRIBUTES.GSI3.pk);
    expect(closed[KEY_ATTRIBUTES.GSI2.pk]).toBe(usersByStatus.partition('a1', 'closed'));

    const event = auditEventItem({
      id: 'e1',
      accountId: 'a1',
      type: 'user.updated',
      at: '2026-01-01T00:00:00.000Z',
      target: { userId: 'u1' },
    } as AuditEvent);
    expect(event[KEY_ATTRIBUTES.GSI1.pk]).toBe(eventsOfMember.partition('a1', 'u1'));
    expect(event[KEY_ATTRIBUTES.GSI2.pk]).toBe(eventsOfType.partition('a1', 'user.updated'));

    const invitation = invitationItem({
      id: 'i1',
      accountId: 'a1',
      status: 'pending',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-08T00:00:00.000Z',
      purgeAt: '2026-02-07T00:00:00.000Z',
    } as Invitation);
    expect(invitation[KEY_ATTRIBUTES.GSI3.pk]).toBe(invitationsByStatus.partition('a1', 'OPEN'));
    expect(invitation[KEY_ATTRIBUTES.GSI4.pk]).toBe(expiringInvitations.partition(invitationExpiryShard('i1')));
  });

  it('is the only place that writes a key string or an index attribute name', () => {
    const keyString =
      /['"`](ACCOUNT|IDENTITY|EMAIL|TOKEN|RESET|RESET_RATE|IDEMPOTENCY|INVITATIONS|USER|USERNAME|INVITATION|EVENT|UNIT|DELEGATE|DELEGATED|MEMBERSHIP|INVITATION_QUOTA|UNIT_SETTINGS|NUMBER|DEVICE|EXTENSION|MAC)#|GSI[1-4](PK|SK)|['"]GSI[1-4]['"]/;
    const allowed = [
      'shared/adapters/dynamodb/entities/',
      'shared/adapters/dynamodb/entity.ts',
      'shared/config/table.ts',
    ];
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) {
          const file = relative(root, path);
          if (allowed.some((a) => file.startsWith(a))) continue;
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (!line.trim().startsWith('*') && !line.trim().startsWith('//') && keyString.test(line))
                offenders.push(`${file}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    for (const dir of ['shared', 'functions', 'local', 'infra']) walk(join(root, dir));
    expect(offenders).toEqual([]);
    // the check itself sees a key written inline
    expect(keyString.test("const pk = 'ACCOUNT#' + accountId;")).toBe(true);
    expect(keyString.test("{ IndexName: 'GSI3', ExpressionAttributeNames: { '#pk': 'GSI3PK' } }")).toBe(true);
  });
});

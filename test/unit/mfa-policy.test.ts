import { describe, expect, it } from 'vitest';
import { auditEvent, eventsPerMembership } from '#domain/audit.ts';
import type { Membership } from '#domain/identity.ts';
import { mayOverrideBelow, memberMustUseMfa, mfaRuleBelowAccount } from '#domain/mfa-policy.ts';

const units = (entries: Record<string, boolean | undefined>) =>
  new Map(Object.entries(entries).map(([id, mfaRequired]) => [id, { overrides: { mfaRequired } }]));

describe('the MFA policy: the nearest rule wins', () => {
  it('the member must use MFA when the account requires it and nothing below says otherwise', () => {
    expect(memberMustUseMfa(true, undefined)).toBe(true);
    expect(memberMustUseMfa(false, undefined)).toBe(false);
    expect(memberMustUseMfa(undefined, undefined)).toBe(false);
  });

  it('a rule below the account wins over the account flag, both ways', () => {
    expect(memberMustUseMfa(true, false)).toBe(false);
    expect(memberMustUseMfa(false, true)).toBe(true);
  });

  it("the member's own setting wins over every unit on their path", () => {
    expect(mfaRuleBelowAccount(false, ['root', 'sales'], units({ root: true, sales: true }))).toBe(false);
    expect(mfaRuleBelowAccount(true, ['root', 'sales'], units({ root: false }))).toBe(true);
  });

  it('without an own setting, the unit nearest the member decides; none: no rule below the account', () => {
    expect(mfaRuleBelowAccount(undefined, ['root', 'sales', 'emea'], units({ root: true, sales: false }))).toBe(false);
    expect(mfaRuleBelowAccount(undefined, ['root', 'sales', 'emea'], units({ root: true, emea: undefined }))).toBe(
      true,
    );
    expect(mfaRuleBelowAccount(undefined, ['root', 'sales'], units({ other: true }))).toBeUndefined();
    expect(mfaRuleBelowAccount(undefined, [], new Map())).toBeUndefined();
  });

  it('the rule below is read only while the account counts overrides (or has no counter yet)', () => {
    expect(mayOverrideBelow(0)).toBe(false);
    expect(mayOverrideBelow(2)).toBe(true);
    expect(mayOverrideBelow(undefined)).toBe(true);
  });
});

describe('audit events', () => {
  const counter = () => {
    let n = 0;
    return { next: () => `e${++n}` };
  };

  it('an event gets a fresh id and empty details unless given', () => {
    const ids = counter();
    const base = { accountId: 'a1', type: 'user.created', at: '2026-12-01T00:00:00.000Z', target: { userId: 'u1' } };
    expect(auditEvent(ids, { ...base, actor: { kind: 'operator' } })).toEqual({
      id: 'e1',
      details: {},
      ...base,
      actor: { kind: 'operator' },
    });
    expect(auditEvent(ids, { ...base, actor: { kind: 'operator' }, details: { why: 'x' } })).toMatchObject({
      id: 'e2',
      details: { why: 'x' },
    });
  });

  it("a person's event is written once per membership, about their user there; 'self' is that user", () => {
    const memberships = [
      { accountId: 'a1', userId: 'u1' },
      { accountId: 'a2', userId: 'u7' },
    ] as Membership[];
    const events = eventsPerMembership(counter(), memberships, {
      type: 'mfa.enabled',
      at: '2026-12-01T00:00:00.000Z',
      actor: 'self',
    });
    expect(events.map((e) => [e.id, e.accountId, e.actor, e.target])).toEqual([
      ['e1', 'a1', { kind: 'user', userId: 'u1' }, { userId: 'u1' }],
      ['e2', 'a2', { kind: 'user', userId: 'u7' }, { userId: 'u7' }],
    ]);
  });
});

/** The load test's request mix, its loopback rule and the write checks after the load (bench/load-checks.ts). */
import { describe, expect, it } from 'vitest';
import {
  assertLoopback,
  checkEdits,
  checkInvitations,
  MIX,
  pickOperation,
  type EditLedger,
  type ListedInvitation,
  type SentInvitation,
} from '../../bench/load-checks.ts';

describe('the request mix', () => {
  it('is 80% reads, 15% member edits and 5% invitations', () => {
    expect(MIX.getUser + MIX.listUsers + MIX.getMe).toBe(80);
    expect(MIX.editUser).toBe(15);
    expect(MIX.invite).toBe(5);
  });

  it('maps uniform draws onto the mix', () => {
    const counts: Record<string, number> = {};
    const steps = 10_000;
    for (let i = 0; i < steps; i++) {
      const op = pickOperation(i / steps);
      counts[op] = (counts[op] ?? 0) + 1;
    }
    expect(counts).toEqual({ getUser: 4000, listUsers: 2000, getMe: 2000, editUser: 1500, invite: 500 });
    expect(pickOperation(0)).toBe('getUser');
    expect(pickOperation(0.9999)).toBe('invite');
  });
});

describe('the loopback rule', () => {
  it.each(['http://127.0.0.1:3000', 'http://localhost:3000/', 'http://[::1]:3000', 'http://127.0.0.2'])(
    'accepts %s',
    (url) => {
      expect(() => assertLoopback(url)).not.toThrow();
    },
  );

  it.each([
    'http://10.0.0.1:3000',
    'https://abc.execute-api.eu-west-1.amazonaws.com',
    'http://127.0.0.1.example.com',
    'ftp://127.0.0.1',
  ])('refuses %s', (url) => {
    expect(() => assertLoopback(url)).toThrow();
  });
});

const sent = (accountId: string, invitationId: string): SentInvitation => ({
  accountId,
  invitationId,
  email: `${invitationId}@example.com`,
});
const listed = (id: string, kind = 'invite'): ListedInvitation => ({ id, email: `${id}@example.com`, kind });

describe('the invitation check', () => {
  it('passes when every answered invitation is listed once (setup links of members aside)', () => {
    const listing = new Map([['a', [listed('i1'), listed('i2'), listed('s1', 'setup')]]]);
    expect(checkInvitations([sent('a', 'i1'), sent('a', 'i2')], listing)).toEqual([]);
  });

  it('finds a lost invitation', () => {
    const listing = new Map([['a', [listed('i1')]]]);
    expect(checkInvitations([sent('a', 'i1'), sent('a', 'i2')], listing)).toEqual([
      'account a: invitation i2 listed 0 times',
    ]);
  });

  it('finds a duplicate and an invitation no answer gave', () => {
    const listing = new Map([['a', [listed('i1'), listed('i1'), listed('x9')]]]);
    const problems = checkInvitations([sent('a', 'i1')], listing);
    expect(problems).toContain('account a: invitation i1 listed 2 times');
    expect(problems).toContain('account a: 2 invitations of i1@example.com');
    expect(problems).toContain('account a: 1 invitations listed that no answer gave');
  });

  it('finds an account that was not listed', () => {
    expect(checkInvitations([sent('b', 'i1')], new Map())).toEqual(['account b: invitations not listed']);
  });
});

describe('the edit check', () => {
  const ledger = (entries: [string, EditLedger][]) => new Map(entries);

  it('passes when each member moved by its applied edits and holds the last value', () => {
    const edits = ledger([
      ['u1', { startVersion: 1, succeeded: 3, last: { version: 4, firstName: 'Edit c' } }],
      ['u2', { startVersion: 1, succeeded: 0 }],
    ]);
    const actual = new Map([
      ['u1', { version: 4, firstName: 'Edit c' }],
      ['u2', { version: 1, firstName: 'Load' }],
    ]);
    expect(checkEdits(edits, actual)).toEqual([]);
  });

  it('finds a lost edit, an edit applied twice and a wrong final value', () => {
    const edits = ledger([
      ['lost', { startVersion: 1, succeeded: 3, last: { version: 4, firstName: 'Edit c' } }],
      ['twice', { startVersion: 1, succeeded: 1, last: { version: 2, firstName: 'Edit d' } }],
      ['stale', { startVersion: 2, succeeded: 1, last: { version: 3, firstName: 'Edit e' } }],
    ]);
    const actual = new Map([
      ['lost', { version: 3, firstName: 'Edit c' }],
      ['twice', { version: 3, firstName: 'Edit d' }],
      ['stale', { version: 3, firstName: 'Edit a' }],
    ]);
    expect(checkEdits(edits, actual)).toEqual([
      'member lost: version 3, expected 4 (3 edits)',
      'member twice: version 3, expected 2 (1 edits)',
      'member stale: firstName Edit a, the last edit set Edit e',
    ]);
  });

  it('finds a member that was not read back', () => {
    expect(checkEdits(ledger([['u1', { startVersion: 1, succeeded: 0 }]]), new Map())).toEqual([
      'member u1: not read back',
    ]);
  });
});

/**
 * The authorisation matrix of the organisation model: every account route × every kind of caller, each cell with the status
 * the contract gives it, 2xx cells included. The table below drives it; a route of the route table that is about one
 * account and has no row here fails the coverage test. Cells that write or destroy get a fresh target (member, unit,
 * invitation) of their own; a refused one is re-read to show it did not change.
 *
 * Target T: a regular member in unit X (inside the admins' scope P), whose delegate is DELEGATE.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#http/routes.ts';
import { call, type CallResult } from '../../support/http.ts';
import { PASSWORD, uniqueEmail, userInput } from '../../builders/api.ts';
import {
  CALLERS,
  addDelegate,
  buildWorld,
  collect,
  inviteInto,
  newTarget,
  readUser,
  tokenOf,
  type CallerName,
  type UserBody,
  type World,
} from '../../builders/matrix.ts';
import { expectStatus, type Target } from '../../builders/api.ts';
import { createUnit, findNode, unitTreeIds, type UnitNode } from '../../builders/units.ts';

type Member = Exclude<CallerName, 'OTHER' | 'ANON'>;
type Expected = Record<CallerName, number>;

/** Unlisted members are 403; OTHER (a member of another account) 404; ANON 401. */
const allow = (allowed: Partial<Record<Member, number>>): Expected => ({
  AM: 403,
  ADMIN_PLUS: 403,
  ADMIN_MINUS: 403,
  ADMIN_OUT: 403,
  DELEGATE: 403,
  DELEGATE_OTHER: 403,
  USER: 403,
  ...allowed,
  OTHER: 404,
  ANON: 401,
});
const AM_ONLY = (code: number) => allow({ AM: code });
const EVERY_MEMBER = (code: number) =>
  allow({
    AM: code,
    ADMIN_PLUS: code,
    ADMIN_MINUS: code,
    ADMIN_OUT: code,
    DELEGATE: code,
    DELEGATE_OTHER: code,
    USER: code,
  });
/** Reading T: AM, admins whose scope holds X (with or without manageUsers), T's delegate. */
const READ_T = allow({ AM: 200, ADMIN_PLUS: 200, ADMIN_MINUS: 200, DELEGATE: 200 });
/** Managing T: AM, the admin in scope with manageUsers, T's delegate. */
const MANAGE_T = (code: number) => allow({ AM: code, ADMIN_PLUS: code, DELEGATE: code });
/** Units in scope: AM and admins whose scope holds X. */
const UNIT_SCOPE = (code: number) => allow({ AM: code, ADMIN_PLUS: code, ADMIN_MINUS: code });
/** Account-wide lists an admin sees filtered to their scope. */
const ADMINS = (code: number) => allow({ AM: code, ADMIN_PLUS: code, ADMIN_MINUS: code, ADMIN_OUT: code });

/** What a cell works on: the shared world's T, invitation and unit unless the case makes fresh ones. */
interface Subject {
  target: Target;
  invitationId: string;
  unitId: string;
  /** The version of a fresh unit, to see that a refused cell left it alone. */
  unitVersion?: number;
  /** An API key of a fresh system user target (the revoke cells). */
  keyId?: string;
}
interface Request {
  path: string;
  body?: unknown;
}
interface Case {
  /** Method and path template exactly as in the route table. */
  route: string;
  expect: Expected;
  /** Makes this cell's own subject (cells that write or destroy); omitted: the shared one. */
  fresh?: (w: World) => Promise<Partial<Subject>>;
  /** Writes the account item itself: run after the concurrent cells, one at a time (no write races, no 412). */
  serial?: boolean;
  request: (w: World, s: Subject) => Request;
  /** More assertions on an allowed (2xx) cell. */
  allowed?: (r: CallResult, caller: CallerName, w: World, s: Subject) => Promise<void> | void;
}

const a = (w: World) => `/v1/accounts/${w.accountId}`;
const u = (w: World, s: Subject) => `${a(w)}/users/${s.target.id}`;
const unit = (w: World, s: Subject) => `${a(w)}/units/${s.unitId}`;
const suffix = () => randomBytes(3).toString('hex');
const ids = (items: { id: string }[]) => items.map((i) => i.id);

/** A fresh empty unit under X (inside the admins' scope, below their scope root P), for the cells that write a unit. */
const freshUnit = async (w: World): Promise<Partial<Subject>> => {
  const created = await createUnit(w.am, `Cell ${suffix()}`, w.unitX);
  return { unitId: created.id, unitVersion: created.version };
};

/** A fresh system user in X whose delegate is DELEGATE (managed like T), with one API key when `withKey`. */
const freshSystemUser = async (w: World, withKey = false): Promise<Partial<Subject>> => {
  const r = await call('POST', `${a(w)}/users`, {
    token: w.am.token,
    body: { type: 'system', username: `sys${suffix()}`, firstName: 'Sys', lastName: 'Tem', unitId: w.unitX },
  });
  expectStatus(r, 201, 'POST system user');
  const created = r.body as Target;
  await addDelegate(w.am, created.id, w.callers.DELEGATE.id);
  const target = { id: created.id, email: '', version: created.version, status: created.status };
  if (!withKey) return { target };
  const key = await call('POST', `${a(w)}/users/${created.id}/api-keys`, { token: w.am.token, body: { name: 'k' } });
  expectStatus(key, 201, 'POST api-keys');
  return { target, keyId: (key.body as { id: string }).id };
};

/** Whether a list answered to this caller (users, invitations, events, the unit tree) shows what is in X / in Y. */
const seesScope = (caller: CallerName) => ({
  x: caller === 'AM' || caller === 'ADMIN_PLUS' || caller === 'ADMIN_MINUS',
  y: caller === 'AM' || caller === 'ADMIN_OUT',
});

const cases: Case[] = [
  // the account
  {
    route: 'GET /v1/accounts/{accountId}',
    expect: EVERY_MEMBER(200),
    request: (w) => ({ path: a(w) }),
    allowed: (r, _c, w) => {
      expect(r.body).toMatchObject({ id: w.accountId, rootUnitId: w.rootId });
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}',
    expect: AM_ONLY(200),
    serial: true,
    request: (w) => ({ path: a(w), body: { contactPhone: '+15551234567' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ contactPhone: '+15551234567' });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/settings',
    expect: ADMINS(200),
    request: (w) => ({ path: `${a(w)}/settings` }),
    allowed: (r) => {
      expect(r.body).toHaveProperty('effectiveSettings.language.source', 'account');
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/settings',
    expect: AM_ONLY(200),
    serial: true,
    request: (w) => ({ path: `${a(w)}/settings`, body: { timezone: 'Europe/Berlin' } }),
    allowed: (r) => {
      expect(r.body).toHaveProperty('settings.timezone', 'Europe/Berlin');
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/events',
    expect: ADMINS(200),
    request: (w) => ({ path: `${a(w)}/events` }),
    allowed: async (r, caller, w) => {
      expect(Array.isArray((r.body as { items: unknown[] }).items)).toBe(true);
      if (caller === 'AM') return;
      // admins: the events of their scope only (T sits in X, inside P; M in Y)
      const created = await collect<{ target: { userId?: string } }>(
        `${a(w)}/events?type=user.created`,
        tokenOf(w, caller),
      );
      const about = created.map((e) => e.target.userId);
      const sees = seesScope(caller);
      expect(about.includes(w.target.id), `${caller} sees T's user.created`).toBe(sees.x);
      expect(about.includes(w.memberY.id), `${caller} sees M's user.created`).toBe(sees.y);
    },
  },

  // members
  {
    route: 'POST /v1/accounts/{accountId}/users',
    expect: allow({ AM: 201, ADMIN_PLUS: 201 }),
    request: (w) => ({ path: `${a(w)}/users`, body: userInput({ unitId: w.unitX }) }),
    allowed: (r, _c, w) => {
      expect(r.body).toMatchObject({ unitId: w.unitX, role: 'user', status: 'invited' });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users',
    expect: ADMINS(200),
    request: (w) => ({ path: `${a(w)}/users` }),
    allowed: async (_r, caller, w) => {
      const listed = ids(await collect(`${a(w)}/users`, tokenOf(w, caller)));
      const sees = seesScope(caller);
      expect(listed.includes(w.target.id), `${caller} lists T (in X)`).toBe(sees.x);
      expect(listed.includes(w.memberY.id), `${caller} lists M (in Y)`).toBe(sees.y);
      // the spare member sits in the root unit: nobody's scope but the account manager's
      expect(listed.includes(w.spare.id), `${caller} lists S (in the root)`).toBe(caller === 'AM');
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}',
    expect: READ_T,
    request: (w, s) => ({ path: u(w, s) }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({
        id: s.target.id,
        effectiveSettings: expect.any(Object),
        effectivePermissions: { role: 'user', adminUnitIds: [] },
      });
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/users/{userId}',
    expect: MANAGE_T(200),
    fresh: async (w) => ({ target: await newTarget(w) }),
    request: (w, s) => ({ path: u(w, s), body: { firstName: 'Renamed' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ firstName: 'Renamed' });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/events',
    expect: READ_T,
    request: (w, s) => ({ path: `${u(w, s)}/events` }),
    allowed: (r, _c, _w, s) => {
      const items = (r.body as { items: { target: { userId?: string } }[] }).items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((e) => e.target.userId === s.target.id)).toBe(true);
    },
  },

  // member lifecycle: each cell on a fresh target
  {
    route: 'POST /v1/accounts/{accountId}/users/{userId}/deactivate',
    expect: MANAGE_T(200),
    fresh: async (w) => ({ target: await newTarget(w, { accepted: true }) }),
    request: (w, s) => ({ path: `${u(w, s)}/deactivate` }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ status: 'deactivated' });
    },
  },
  {
    route: 'POST /v1/accounts/{accountId}/users/{userId}/reactivate',
    expect: MANAGE_T(200),
    fresh: async (w) => ({ target: await newTarget(w, { deactivated: true }) }),
    request: (w, s) => ({ path: `${u(w, s)}/reactivate` }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ status: 'active' });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/users/{userId}',
    expect: MANAGE_T(204),
    fresh: async (w) => ({ target: await newTarget(w) }),
    request: (w, s) => ({ path: u(w, s), body: { password: PASSWORD } }),
    allowed: async (_r, _c, w, s) => {
      expect((await readUser(w.am, s.target.id)).status).toBe('closed');
    },
  },
  {
    route: 'POST /v1/accounts/{accountId}/users/{userId}/password-reset',
    expect: MANAGE_T(202),
    fresh: async (w) => ({ target: await newTarget(w, { accepted: true }) }),
    request: (w, s) => ({ path: `${u(w, s)}/password-reset` }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ status: 'accepted' });
    },
  },
  {
    route: 'PUT /v1/accounts/{accountId}/users/{userId}/password',
    expect: MANAGE_T(204),
    fresh: async (w) => ({ target: await newTarget(w, { accepted: true }) }),
    request: (w, s) => ({ path: `${u(w, s)}/password`, body: { password: 'Brand-New-Pass-7' } }),
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/users/{userId}/mfa',
    expect: MANAGE_T(204),
    fresh: async (w) => ({ target: await newTarget(w, { accepted: true }) }),
    request: (w, s) => ({ path: `${u(w, s)}/mfa` }),
  },
  {
    route: 'POST /v1/accounts/{accountId}/users/{userId}/invitation',
    expect: MANAGE_T(202),
    fresh: async (w) => ({ target: await newTarget(w) }),
    request: (w, s) => ({ path: `${u(w, s)}/invitation` }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ invitationId: expect.any(String), delivery: 'sent' });
    },
  },

  // system users' API keys: whoever manages the member
  {
    route: 'POST /v1/accounts/{accountId}/users/{userId}/api-keys',
    expect: MANAGE_T(201),
    fresh: (w) => freshSystemUser(w),
    request: (w, s) => ({ path: `${u(w, s)}/api-keys`, body: { name: 'matrix' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ name: 'matrix', key: expect.stringMatching(/^sbk_/) });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/api-keys',
    expect: MANAGE_T(200),
    fresh: (w) => freshSystemUser(w, true),
    request: (w, s) => ({ path: `${u(w, s)}/api-keys` }),
    allowed: (r, _c, _w, s) => {
      const items = (r.body as { items: { id: string }[] }).items;
      expect(items.map((k) => k.id)).toEqual([s.keyId]);
      // never the key or its hash
      expect(Object.keys(items[0]).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix']);
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/users/{userId}/api-keys/{keyId}',
    expect: MANAGE_T(204),
    fresh: (w) => freshSystemUser(w, true),
    request: (w, s) => ({ path: `${u(w, s)}/api-keys/${s.keyId}` }),
    allowed: async (_r, _c, w, s) => {
      const left = await call('GET', `${u(w, s)}/api-keys`, { token: w.am.token });
      expect((left.body as { items: unknown[] }).items).toEqual([]);
    },
  },
  // delegates
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/delegates',
    expect: READ_T,
    request: (w, s) => ({ path: `${u(w, s)}/delegates` }),
    allowed: (r, _c, w, s) => {
      expect((r.body as { items: unknown[] }).items).toContainEqual(
        expect.objectContaining({ userId: s.target.id, delegateUserId: w.callers.DELEGATE.id }),
      );
    },
  },
  {
    route: 'PUT /v1/accounts/{accountId}/users/{userId}/delegates/{delegateUserId}',
    expect: AM_ONLY(201),
    fresh: async (w) => ({ target: await newTarget(w) }),
    request: (w, s) => ({ path: `${u(w, s)}/delegates/${w.spare.id}` }),
    allowed: (r, _c, w, s) => {
      expect(r.body).toMatchObject({ userId: s.target.id, delegateUserId: w.spare.id, createdAt: expect.any(String) });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/users/{userId}/delegates/{delegateUserId}',
    expect: AM_ONLY(204),
    fresh: async (w) => ({ target: await newTarget(w) }),
    request: (w, s) => ({ path: `${u(w, s)}/delegates/${w.callers.DELEGATE.id}` }),
    allowed: async (_r, _c, w, s) => {
      const left = await collect<{ delegateUserId: string }>(`${u(w, s)}/delegates`, w.am.token);
      expect(left.map((d) => d.delegateUserId)).not.toContain(w.callers.DELEGATE.id);
    },
  },

  // invitations
  {
    route: 'POST /v1/accounts/{accountId}/invitations',
    expect: allow({ AM: 200, ADMIN_PLUS: 200 }),
    request: (w) => ({ path: `${a(w)}/invitations`, body: { emails: [uniqueEmail('matrix')], unitId: w.unitX } }),
    allowed: (r) => {
      expect((r.body as { results: unknown[] }).results).toEqual([expect.objectContaining({ status: 'invited' })]);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/invitations',
    expect: ADMINS(200),
    request: (w) => ({ path: `${a(w)}/invitations` }),
    allowed: async (_r, caller, w) => {
      const listed = ids(await collect(`${a(w)}/invitations`, tokenOf(w, caller)));
      const sees = seesScope(caller);
      expect(listed.includes(w.invitationX), `${caller} lists the invitation into X`).toBe(sees.x);
      expect(listed.includes(w.invitationY), `${caller} lists the invitation into Y`).toBe(sees.y);
    },
  },
  {
    route: 'POST /v1/accounts/{accountId}/invitations/{invitationId}/resend',
    expect: allow({ AM: 200, ADMIN_PLUS: 200 }),
    fresh: async (w) => ({ invitationId: await inviteInto(w.am, w.unitX) }),
    request: (w, s) => ({ path: `${a(w)}/invitations/${s.invitationId}/resend` }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ id: s.invitationId, resendCount: 1, status: 'pending' });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/invitations/{invitationId}',
    expect: allow({ AM: 204, ADMIN_PLUS: 204 }),
    fresh: async (w) => ({ invitationId: await inviteInto(w.am, w.unitX) }),
    request: (w, s) => ({ path: `${a(w)}/invitations/${s.invitationId}` }),
    allowed: async (_r, _c, w, s) => {
      expect(ids(await collect(`${a(w)}/invitations?status=revoked`, w.am.token))).toContain(s.invitationId);
    },
  },

  // the organisation tree (X: inside the admins' scope P)
  {
    route: 'GET /v1/accounts/{accountId}/units',
    expect: ADMINS(200),
    request: (w) => ({ path: `${a(w)}/units` }),
    allowed: (r, caller, w) => {
      const tree = (r.body as { items: UnitNode[] }).items;
      const sees = seesScope(caller);
      expect(findNode(tree, w.unitX) !== undefined, `${caller} sees X`).toBe(sees.x);
      expect(findNode(tree, w.unitY) !== undefined, `${caller} sees Y`).toBe(sees.y);
      expect(unitTreeIds(tree).includes(w.rootId), `${caller} sees the root`).toBe(caller === 'AM');
    },
  },
  {
    route: 'POST /v1/accounts/{accountId}/units',
    expect: UNIT_SCOPE(201),
    fresh: freshUnit,
    request: (w, s) => ({ path: `${a(w)}/units`, body: { name: `Team ${suffix()}`, parentId: s.unitId } }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ parentId: s.unitId, depth: 4 });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/units/{unitId}',
    expect: UNIT_SCOPE(200),
    request: (w, s) => ({ path: unit(w, s) }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ id: s.unitId });
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/units/{unitId}',
    expect: UNIT_SCOPE(200),
    fresh: freshUnit,
    request: (w, s) => ({ path: unit(w, s), body: { name: 'Renamed' } }),
    allowed: (r, _c, w, s) => {
      expect(r.body).toMatchObject({ id: s.unitId, name: 'Renamed', parentId: w.unitX });
    },
  },
  // not named by the contract for admins; inferred from "never ... deletes their own scope root" (other units in scope: yes)
  {
    route: 'DELETE /v1/accounts/{accountId}/units/{unitId}',
    expect: UNIT_SCOPE(204),
    fresh: freshUnit,
    request: (w, s) => ({ path: unit(w, s) }),
    allowed: async (_r, _c, w, s) => {
      expectStatus(await call('GET', unit(w, s), { token: w.am.token }), 404);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/units/{unitId}/settings',
    expect: UNIT_SCOPE(200),
    request: (w, s) => ({ path: `${unit(w, s)}/settings` }),
    allowed: (r) => {
      expect(r.body).toHaveProperty('effectiveSettings');
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/units/{unitId}/settings',
    expect: UNIT_SCOPE(200),
    fresh: freshUnit,
    request: (w, s) => ({ path: `${unit(w, s)}/settings`, body: { countryCode: 'DE' } }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toHaveProperty('effectiveSettings.countryCode', { value: 'DE', source: `unit:${s.unitId}` });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/units/{unitId}/users',
    expect: UNIT_SCOPE(200),
    request: (w, s) => ({ path: `${unit(w, s)}/users` }),
    allowed: async (_r, caller, w, s) => {
      const listed = await collect<UserBody>(`${unit(w, s)}/users`, tokenOf(w, caller));
      expect(ids(listed)).toContain(s.target.id);
      // direct members only by default: the admins sit in P, above X
      expect(ids(listed)).not.toContain(w.callers.ADMIN_PLUS.id);
      expect(listed.every((m) => m.unitId === w.unitX)).toBe(true);
    },
  },
];

const shape = (route: string) => route.replace(/\{[^}]+\}/g, '{}');

let world: World;
beforeAll(async () => {
  world = await buildWorld('Matrix Co');
});

describe('the matrix covers the route table', () => {
  const accountRoutes = routes
    .filter((r) => r.auth.kind === 'member' && r.path.startsWith('/v1/accounts/{accountId}'))
    .map((r) => `${r.method} ${r.path}`);

  it('has a row for every member route about one account, and no row for a route that does not exist', () => {
    expect(accountRoutes.length).toBeGreaterThan(30);
    const rows = cases.map((c) => shape(c.route));
    expect(new Set(rows).size, 'one row per route').toBe(rows.length);
    expect(
      accountRoutes.map(shape).filter((r) => !rows.includes(r)),
      'routes without a matrix row',
    ).toEqual([]);
    expect(
      rows.filter((r) => !accountRoutes.map(shape).includes(r)),
      'rows without a route',
    ).toEqual([]);
  });

  it('has a cell for every caller in every row, and a positive (2xx) cell in every row', () => {
    for (const c of cases) {
      expect(Object.keys(c.expect).sort(), c.route).toEqual([...CALLERS].sort());
      expect(
        Object.values(c.expect).some((s) => s >= 200 && s < 300),
        c.route,
      ).toBe(true);
    }
  });
});

/** One cell: its subject, the call as `caller`, the status; then the 2xx checks, or that a refusal changed nothing. */
async function runCell(c: Case, caller: CallerName): Promise<void> {
  const [method, template] = c.route.split(' ');
  const shared: Subject = { target: world.target, invitationId: world.invitationX, unitId: world.unitX };
  const subject: Subject = { ...shared, ...(c.fresh ? await c.fresh(world) : {}) };
  const req = c.request(world, subject);
  expect(req.path.split('?')[0].split('/').length, 'the request follows the template').toBe(template.split('/').length);
  const r = await call(method, req.path, { token: tokenOf(world, caller), body: req.body });
  const status = c.expect[caller];
  expectStatus(r, status, `${method} ${req.path} as ${caller}:`);
  if (status < 300) return c.allowed?.(r, caller, world, subject);
  // refused: a fresh target or unit is exactly as it was
  if (subject.target !== shared.target) {
    const after = await readUser(world.am, subject.target.id);
    expect({ version: after.version, status: after.status }).toEqual({
      version: subject.target.version,
      status: subject.target.status,
    });
  }
  if (subject.unitVersion !== undefined) {
    const after = await call('GET', `${a(world)}/units/${subject.unitId}`, { token: world.am.token });
    expectStatus(after, 200);
    expect((after.body as { version: number }).version).toBe(subject.unitVersion);
  }
}

const rows = (serial: boolean) => {
  for (const c of cases.filter((x) => !!x.serial === serial)) {
    describe(c.route, () => {
      for (const caller of CALLERS) it(`${caller} → ${c.expect[caller]}`, () => runCell(c, caller));
    });
  }
};

describe.concurrent('authorisation matrix', () => rows(false));
// cells that write the account item itself, one after another once the others are done
describe.sequential('authorisation matrix (account writes, one at a time)', () => rows(true));

describe('the target itself', () => {
  it('reads their own record, events and delegates (200), and nobody else’s (403)', async () => {
    const self = await newTarget(world, { signedIn: true });
    const mine = `${a(world)}/users/${self.id}`;
    for (const path of [mine, `${mine}/events`, `${mine}/delegates`])
      expectStatus(await call('GET', path, { token: self.token }), 200, `GET ${path}`);
    const theirs = `${a(world)}/users/${world.target.id}`;
    for (const path of [theirs, `${theirs}/events`, `${theirs}/delegates`])
      expectStatus(await call('GET', path, { token: self.token }), 403, `GET ${path}`);
  });
});

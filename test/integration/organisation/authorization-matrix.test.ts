/**
 * The authorisation matrix of the organisation model: every account route × every kind of caller, each cell with the status
 * the contract gives it, 2xx cells included. The table below drives it; a route of the route table that is about one
 * account and has no row here fails the coverage test. Cells that write or destroy get a fresh target (member, unit,
 * invitation) of their own; a refused one is re-read to show it did not change.
 *
 * Target T: a regular member in unit X (inside the admins' scope P), whose delegate is DELEGATE.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#http/routes.ts';
import { call, holdImportQueue, resumeImportQueue, type CallResult } from '../../support/http.ts';
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
import { expectStatus, type Manager, type Target } from '../../builders/api.ts';
import { scimClient, type ScimClient } from '../../builders/scim-connection.ts';
import { createUnit, findNode, unitTreeIds, type UnitNode } from '../../builders/units.ts';
import { addDevice, addNumber, assign, freshE164, freshExtension } from '../../builders/telephony.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { deliveryItem } from '#adapters/dynamodb/entities/webhook-delivery.ts';
import { ddb, tableName } from '../../support/dynamo.ts';

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
/** Operator routes: no member's credentials count (401 for everyone, whoever they are). */
const NO_MEMBER = Object.fromEntries(CALLERS.map((c) => [c, 401])) as Expected;
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
  /** A fresh number and its version (telephony cells). */
  numberId?: string;
  numberVersion?: number;
  /** A fresh device of the target and its version (telephony cells). */
  deviceId?: string;
  deviceVersion?: number;
  /** A group of the account (the shared one unless the case makes a fresh one). */
  groupId?: string;
  /** A shared contact (for everyone). */
  contactId?: string;
  /** An API key of a fresh system user target (the revoke cells). */
  keyId?: string;
  /** A bulk import the account manager started. */
  importId?: string;
  /** A webhook endpoint of the account (the shared one unless the case makes a fresh one), and one of its deliveries. */
  webhookId?: string;
  deliveryId?: string;
}
interface Request {
  path: string;
  body?: unknown;
  /** A file body (sent byte for byte) and its media type, instead of JSON. */
  file?: { text: string; type: string };
}
interface Case {
  /** Method and path template exactly as in the route table. */
  route: string;
  expect: Expected;
  /** Routes the operator calls (X-Operator-Key, no token): the status it gets. Required on those routes. */
  operator?: number;
  /** Makes this cell's own subject (cells that write or destroy); omitted: the shared one. */
  fresh?: (w: World) => Promise<Partial<Subject>>;
  /** Writes the account item itself: run after the concurrent cells, one at a time (no write races, no 412). */
  serial?: boolean;
  request: (w: World, s: Subject) => Request;
  /** More assertions on an allowed (2xx) cell. */
  allowed?: (r: CallResult, caller: CallerName, w: World, s: Subject) => Promise<void> | void;
  /** More assertions on a refused cell: what it would have changed did not change. */
  refused?: (w: World, s: Subject) => Promise<void>;
}

const a = (w: World) => `/v1/accounts/${w.accountId}`;
const u = (w: World, s: Subject) => `${a(w)}/users/${s.target.id}`;
const unit = (w: World, s: Subject) => `${a(w)}/units/${s.unitId}`;
const suffix = () => randomBytes(6).toString('hex');
const ids = (items: { id: string }[]) => items.map((i) => i.id);

/** A fresh empty unit under X (inside the admins' scope, below their scope root P), for the cells that write a unit. */
const freshUnit = async (w: World): Promise<Partial<Subject>> => {
  const created = await createUnit(w.am, `Cell ${suffix()}`, w.unitX);
  return { unitId: created.id, unitVersion: created.version };
};

/** A fresh number of the account, and a fresh phone of T, for the telephony cells that write them. */
const freshNumber = async (w: World): Promise<Partial<Subject>> => {
  const number = await addNumber(w.am);
  return { numberId: number.id, numberVersion: number.version };
};
const freshDevice = async (w: World): Promise<Partial<Subject>> => {
  const device = await addDevice(w.am, w.target.id);
  return { deviceId: device.id, deviceVersion: device.version };
};

/** Whether a list answered to this caller (users, invitations, events, the unit tree) shows what is in X / in Y. */
const seesScope = (caller: CallerName) => ({
  x: caller === 'AM' || caller === 'ADMIN_PLUS' || caller === 'ADMIN_MINUS',
  y: caller === 'AM' || caller === 'ADMIN_OUT',
});

/** A fresh target with a fax service, for the cells that change or close a service. */
const targetWithService = async (w: World): Promise<Partial<Subject>> => {
  const target = await newTarget(w);
  expectStatus(
    await call('POST', `${a(w)}/users/${target.id}/services`, { token: w.am.token, body: { type: 'fax' } }),
    201,
    'POST services',
  );
  return { target };
};
/** The shared target T's fax service, made once for the cells that read it (a second attempt finds it: 409). */
let tService: Promise<void> | undefined;
const serviceOnT = async (w: World): Promise<Partial<Subject>> => {
  tService ??= call('POST', `${a(w)}/users/${w.target.id}/services`, { token: w.am.token, body: { type: 'fax' } }).then(
    (r) => expectStatus(r, 201, 'POST services on T'),
  );
  await tService;
  return {};
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
  // the account's own brand: the operator writes it, account managers and the operator read it
  {
    route: 'GET /v1/accounts/{accountId}/branding',
    expect: AM_ONLY(200),
    operator: 200,
    request: (w) => ({ path: `${a(w)}/branding` }),
    allowed: (r) => {
      expect(r.body).toHaveProperty('effective.name');
    },
  },
  {
    route: 'PUT /v1/accounts/{accountId}/branding',
    expect: NO_MEMBER,
    operator: 200,
    serial: true,
    request: (w) => ({ path: `${a(w)}/branding`, body: { displayName: 'Matrix Telecom' } }),
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/branding',
    expect: NO_MEMBER,
    operator: 204,
    serial: true,
    request: (w) => ({ path: `${a(w)}/branding` }),
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
    route: 'GET /v1/accounts/{accountId}/users/export',
    expect: ADMINS(200),
    request: (w) => ({ path: `${a(w)}/users/export` }),
    allowed: (r, caller, w) => {
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      const emails = String(r.body)
        .split('\r\n')
        .map((line) => line.split(',')[1]);
      const sees = seesScope(caller);
      expect(emails.includes(w.target.email), `${caller} exports T (in X)`).toBe(sees.x);
      expect(emails.includes(w.memberY.email), `${caller} exports M (in Y)`).toBe(sees.y);
      expect(emails.includes(w.spare.email), `${caller} exports S (in the root)`).toBe(caller === 'AM');
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
    route: 'PUT /v1/accounts/{accountId}/users/{userId}/aliases/{email}',
    expect: MANAGE_T(200),
    fresh: async (w) => ({ target: await newTarget(w) }),
    request: (w, s) => ({ path: `${u(w, s)}/aliases/${encodeURIComponent(`alias-${s.target.id}@matrix.test`)}` }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({
        id: s.target.id,
        emailAliases: [`alias-${s.target.id}@matrix.test`.toLowerCase()],
      });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/users/{userId}/aliases/{email}',
    expect: MANAGE_T(204),
    fresh: async (w) => {
      const target = await newTarget(w);
      const alias = encodeURIComponent(`alias-${target.id}@matrix.test`);
      const added = await call('PUT', `${a(w)}/users/${target.id}/aliases/${alias}`, { token: w.am.token });
      expectStatus(added, 200);
      return { target: { ...target, version: (added.body as { version: number }).version } };
    },
    request: (w, s) => ({ path: `${u(w, s)}/aliases/${encodeURIComponent(`alias-${s.target.id}@matrix.test`)}` }),
    allowed: async (_r, _c, w, s) => {
      expect((await readUser(w.am, s.target.id)).emailAliases).toEqual([]);
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
    route: 'GET /v1/accounts/{accountId}/users/{userId}/api-keys/{keyId}',
    expect: MANAGE_T(200),
    fresh: (w) => freshSystemUser(w, true),
    request: (w, s) => ({ path: `${u(w, s)}/api-keys/${s.keyId}` }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ id: s.keyId });
      expect(r.body).not.toHaveProperty('key');
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

  // members' services
  {
    route: 'POST /v1/accounts/{accountId}/users/{userId}/services',
    expect: MANAGE_T(201),
    fresh: async (w) => ({ target: await newTarget(w) }),
    request: (w, s) => ({ path: `${u(w, s)}/services`, body: { type: 'sms' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ id: 'sms', status: 'active', effectiveSettings: expect.any(Object) });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/services',
    expect: READ_T,
    fresh: serviceOnT,
    request: (w, s) => ({ path: `${u(w, s)}/services` }),
    allowed: (r) => {
      expect((r.body as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(['fax']);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/services/{serviceId}',
    expect: READ_T,
    fresh: serviceOnT,
    request: (w, s) => ({ path: `${u(w, s)}/services/fax` }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ id: 'fax', type: 'fax' });
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/users/{userId}/services/{serviceId}',
    expect: MANAGE_T(200),
    fresh: targetWithService,
    request: (w, s) => ({ path: `${u(w, s)}/services/fax`, body: { settings: { coverPage: true } } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ settings: { coverPage: true }, version: 2 });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/users/{userId}/services/{serviceId}',
    expect: MANAGE_T(204),
    fresh: targetWithService,
    request: (w, s) => ({ path: `${u(w, s)}/services/fax` }),
    allowed: async (_r, _c, w, s) => {
      const read = await call('GET', `${u(w, s)}/services/fax`, { token: w.am.token });
      expect(read.body).toMatchObject({ status: 'closed' });
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

  // telephony: the account's numbers (account managers; admins read and assign to members they manage)
  {
    route: 'POST /v1/accounts/{accountId}/numbers',
    expect: AM_ONLY(201),
    request: (w) => ({ path: `${a(w)}/numbers`, body: { e164: freshE164(), label: 'Matrix' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ label: 'Matrix', assignment: null, version: 1 });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/numbers',
    expect: ADMINS(200),
    request: (w) => ({ path: `${a(w)}/numbers` }),
    allowed: (r) => {
      expect(Array.isArray((r.body as { items: unknown[] }).items)).toBe(true);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/numbers/{numberId}',
    expect: ADMINS(200),
    fresh: freshNumber,
    request: (w, s) => ({ path: `${a(w)}/numbers/${s.numberId}` }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ id: s.numberId });
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/numbers/{numberId}',
    expect: AM_ONLY(200),
    fresh: freshNumber,
    request: (w, s) => ({ path: `${a(w)}/numbers/${s.numberId}`, body: { label: 'Relabelled' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ label: 'Relabelled', version: 2 });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/numbers/{numberId}',
    expect: AM_ONLY(204),
    fresh: freshNumber,
    request: (w, s) => ({ path: `${a(w)}/numbers/${s.numberId}` }),
    allowed: async (_r, _c, w, s) => {
      expectStatus(await call('GET', `${a(w)}/numbers/${s.numberId}`, { token: w.am.token }), 404);
    },
  },
  {
    route: 'PUT /v1/accounts/{accountId}/numbers/{numberId}/assignment',
    expect: allow({ AM: 200, ADMIN_PLUS: 200 }),
    fresh: freshNumber,
    request: (w, s) => ({ path: `${a(w)}/numbers/${s.numberId}/assignment`, body: { userId: s.target.id } }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ id: s.numberId, assignment: { userId: s.target.id, serviceId: null } });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/numbers/{numberId}/assignment',
    expect: allow({ AM: 204, ADMIN_PLUS: 204 }),
    fresh: async (w) => {
      const number = await assign(w.am, (await addNumber(w.am)).id, w.target.id);
      return { numberId: number.id, numberVersion: number.version };
    },
    request: (w, s) => ({ path: `${a(w)}/numbers/${s.numberId}/assignment` }),
    allowed: async (_r, _c, w, s) => {
      const read = await call('GET', `${a(w)}/numbers/${s.numberId}`, { token: w.am.token });
      expect(read.body).toMatchObject({ assignment: null });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/numbers',
    expect: READ_T,
    request: (w, s) => ({ path: `${u(w, s)}/numbers` }),
    allowed: (r) => {
      expect(Array.isArray((r.body as { items: unknown[] }).items)).toBe(true);
    },
  },

  // telephony: members' phones (those who manage the member; those who read them read them)
  {
    route: 'POST /v1/accounts/{accountId}/users/{userId}/devices',
    expect: MANAGE_T(201),
    request: (w, s) => ({ path: `${u(w, s)}/devices`, body: { extension: freshExtension(), model: 'Matrix' } }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ userId: s.target.id, model: 'Matrix', version: 1 });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/devices',
    expect: READ_T,
    request: (w, s) => ({ path: `${u(w, s)}/devices` }),
    allowed: (r) => {
      expect(Array.isArray((r.body as { items: unknown[] }).items)).toBe(true);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/devices/{deviceId}',
    expect: READ_T,
    fresh: freshDevice,
    request: (w, s) => ({ path: `${u(w, s)}/devices/${s.deviceId}` }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ id: s.deviceId, userId: s.target.id });
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/users/{userId}/devices/{deviceId}',
    expect: MANAGE_T(200),
    fresh: freshDevice,
    request: (w, s) => ({ path: `${u(w, s)}/devices/${s.deviceId}`, body: { model: 'Renamed' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ model: 'Renamed', version: 2 });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/users/{userId}/devices/{deviceId}',
    expect: MANAGE_T(204),
    fresh: freshDevice,
    request: (w, s) => ({ path: `${u(w, s)}/devices/${s.deviceId}` }),
    allowed: async (_r, _c, w, s) => {
      expectStatus(await call('GET', `${u(w, s)}/devices/${s.deviceId}`, { token: w.am.token }), 404);
    },
  },
];

/** Groups belong to the account: every admin reads them; admins with manageUsers create, rename and delete them. */
const GROUP_WRITERS = (code: number) => allow({ AM: code, ADMIN_PLUS: code, ADMIN_OUT: code });
const newGroupAs = async (w: World): Promise<string> => {
  const r = await call('POST', `${a(w)}/groups`, { token: w.am.token, body: { name: `Group ${suffix()}` } });
  expectStatus(r, 201, 'POST groups');
  return (r.body as { id: string }).id;
};
let sharedGroup: Promise<string> | undefined;
/** The group the read cells share (made once, with T in it). */
const theGroup = (w: World): Promise<string> =>
  (sharedGroup ??= newGroupAs(w).then(async (id) => {
    expectStatus(await call('PUT', `${a(w)}/groups/${id}/members/${w.target.id}`, { token: w.am.token }), 201);
    return id;
  }));
const group = (w: World, s: Subject) => `${a(w)}/groups/${s.groupId}`;

cases.push(
  {
    route: 'POST /v1/accounts/{accountId}/groups',
    expect: GROUP_WRITERS(201),
    request: (w) => ({ path: `${a(w)}/groups`, body: { name: `Team ${suffix()}` } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ memberCount: 0, sharedItemCount: 0, version: 1 });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/groups',
    expect: ADMINS(200),
    fresh: async (w) => ({ groupId: await theGroup(w) }),
    request: (w) => ({ path: `${a(w)}/groups` }),
    allowed: async (_r, caller, w, s) => {
      expect(ids(await collect(`${a(w)}/groups`, tokenOf(w, caller)))).toContain(s.groupId);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/groups/{groupId}',
    expect: ADMINS(200),
    fresh: async (w) => ({ groupId: await theGroup(w) }),
    request: (w, s) => ({ path: group(w, s) }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ id: s.groupId, memberCount: 1 });
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/groups/{groupId}',
    expect: GROUP_WRITERS(200),
    fresh: async (w) => ({ groupId: await newGroupAs(w) }),
    request: (w, s) => ({ path: group(w, s), body: { description: 'Renamed' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ description: 'Renamed', version: 2 });
    },
    refused: async (w, s) => {
      const after = await call('GET', group(w, s), { token: w.am.token });
      expect(after.body).toMatchObject({ version: 1, description: null });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/groups/{groupId}',
    expect: GROUP_WRITERS(204),
    fresh: async (w) => ({ groupId: await newGroupAs(w) }),
    request: (w, s) => ({ path: group(w, s) }),
    allowed: async (_r, _c, w, s) => {
      expectStatus(await call('GET', group(w, s), { token: w.am.token }), 404);
    },
    refused: async (w, s) => {
      expectStatus(await call('GET', group(w, s), { token: w.am.token }), 200);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/groups/{groupId}/members',
    expect: ADMINS(200),
    fresh: async (w) => ({ groupId: await theGroup(w) }),
    request: (w, s) => ({ path: `${group(w, s)}/members` }),
    allowed: (r, _c, w) => {
      expect((r.body as { items: { userId: string }[] }).items.map((m) => m.userId)).toContain(w.target.id);
    },
  },
  {
    route: 'PUT /v1/accounts/{accountId}/groups/{groupId}/members/{userId}',
    expect: MANAGE_T(201),
    fresh: async (w) => ({ target: await newTarget(w), groupId: await theGroup(w) }),
    request: (w, s) => ({ path: `${group(w, s)}/members/${s.target.id}` }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ groupId: s.groupId, userId: s.target.id });
    },
    refused: async (w, s) => {
      const theirs = await collect(`${u(w, s)}/groups`, w.am.token);
      expect(ids(theirs)).not.toContain(s.groupId);
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/groups/{groupId}/members/{userId}',
    expect: MANAGE_T(204),
    fresh: async (w) => {
      const [target, groupId] = await Promise.all([newTarget(w), theGroup(w)]);
      expectStatus(await call('PUT', `${a(w)}/groups/${groupId}/members/${target.id}`, { token: w.am.token }), 201);
      return { target, groupId };
    },
    request: (w, s) => ({ path: `${group(w, s)}/members/${s.target.id}` }),
    allowed: async (_r, _c, w, s) => {
      const left = await collect<{ userId: string }>(`${group(w, s)}/members`, w.am.token);
      expect(left.map((m) => m.userId)).not.toContain(s.target.id);
    },
    refused: async (w, s) => {
      expect(ids(await collect(`${u(w, s)}/groups`, w.am.token))).toContain(s.groupId);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/users/{userId}/groups',
    expect: READ_T,
    fresh: async (w) => ({ groupId: await theGroup(w) }),
    request: (w, s) => ({ path: `${u(w, s)}/groups` }),
    allowed: (r, _c, _w, s) => {
      expect(ids((r.body as { items: { id: string }[] }).items)).toContain(s.groupId);
    },
  },
);

/** Sharing a number with a group is group administration: account managers and admins with manageUsers. */
const numberShare = (w: World, s: Subject) => `${a(w)}/numbers/${s.numberId}/groups/${s.groupId}`;
const sharedCount = async (w: World, s: Subject) =>
  ((await call('GET', `${a(w)}/groups/${s.groupId}`, { token: w.am.token })).body as { sharedItemCount: number })
    .sharedItemCount;

cases.push(
  {
    route: 'PUT /v1/accounts/{accountId}/numbers/{numberId}/groups/{groupId}',
    expect: GROUP_WRITERS(201),
    fresh: async (w) => ({ ...(await freshNumber(w)), groupId: await newGroupAs(w) }),
    request: (w, s) => ({ path: numberShare(w, s) }),
    allowed: async (r, _c, w, s) => {
      expect(r.body).toMatchObject({ id: s.numberId, groupIds: [s.groupId] });
      expect(await sharedCount(w, s)).toBe(1);
    },
    refused: async (w, s) => {
      expect(await sharedCount(w, s)).toBe(0);
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/numbers/{numberId}/groups/{groupId}',
    expect: GROUP_WRITERS(204),
    fresh: async (w) => {
      const subject = { ...(await freshNumber(w)), groupId: await newGroupAs(w) };
      const shared = await call('PUT', numberShare(w, subject as Subject), { token: w.am.token });
      expectStatus(shared, 201, 'PUT number share');
      // the share moved the number's version: a refused cell leaves it there
      return { ...subject, numberVersion: (shared.body as { version: number }).version };
    },
    request: (w, s) => ({ path: numberShare(w, s) }),
    allowed: async (_r, _c, w, s) => {
      expect(await sharedCount(w, s)).toBe(0);
    },
    refused: async (w, s) => {
      expect(await sharedCount(w, s)).toBe(1);
    },
  },
);

/** Shared contacts: every member reads those shared with everyone; account managers and admins keep them. */
const newContactAs = async (w: World): Promise<string> => {
  const r = await call('POST', `${a(w)}/contacts`, { token: w.am.token, body: { name: `Contact ${suffix()}` } });
  expectStatus(r, 201, 'POST contacts');
  return (r.body as { id: string }).id;
};
let sharedContact: Promise<string> | undefined;
const theContact = (w: World): Promise<string> => (sharedContact ??= newContactAs(w));
const contact = (w: World, s: Subject) => `${a(w)}/contacts/${s.contactId}`;

cases.push(
  {
    route: 'POST /v1/accounts/{accountId}/contacts',
    expect: ADMINS(201),
    request: (w) => ({ path: `${a(w)}/contacts`, body: { name: `Contact ${suffix()}`, numbers: [] } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ groupIds: [], version: 1 });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/contacts',
    expect: EVERY_MEMBER(200),
    fresh: async (w) => ({ contactId: await theContact(w) }),
    request: (w) => ({ path: `${a(w)}/contacts` }),
    allowed: async (_r, caller, w, s) => {
      expect(ids(await collect(`${a(w)}/contacts`, tokenOf(w, caller)))).toContain(s.contactId);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/contacts/{contactId}',
    expect: EVERY_MEMBER(200),
    fresh: async (w) => ({ contactId: await theContact(w) }),
    request: (w, s) => ({ path: contact(w, s) }),
    allowed: (r, _c, _w, s) => {
      expect(r.body).toMatchObject({ id: s.contactId });
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/contacts/{contactId}',
    expect: ADMINS(200),
    fresh: async (w) => ({ contactId: await newContactAs(w) }),
    request: (w, s) => ({ path: contact(w, s), body: { company: 'Renamed' } }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ company: 'Renamed', version: 2 });
    },
    refused: async (w, s) => {
      expect((await call('GET', contact(w, s), { token: w.am.token })).body).toMatchObject({ version: 1 });
    },
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/contacts/{contactId}',
    expect: ADMINS(204),
    fresh: async (w) => ({ contactId: await newContactAs(w) }),
    request: (w, s) => ({ path: contact(w, s) }),
    allowed: async (_r, _c, w, s) => {
      expectStatus(await call('GET', contact(w, s), { token: w.am.token }), 404);
    },
    refused: async (w, s) => {
      expectStatus(await call('GET', contact(w, s), { token: w.am.token }), 200);
    },
  },
);

/** A one-person member file, new each time (a dry run: it creates nobody whatever runs it). */
const importFile = () => {
  const name = `imp${suffix()}`;
  return { text: `username,email,firstName,lastName\r\n${name},${name}@example.com,Im,Port\r\n`, type: 'text/csv' };
};
/** A dry-run import the account manager started: only they (and the other account managers) see it. */
const amImport = async (w: World): Promise<Partial<Subject>> => {
  const r = await call('POST', `${a(w)}/imports?dryRun=true`, {
    token: w.am.token,
    rawBody: importFile().text,
    headers: { 'content-type': 'text/csv' },
  });
  expectStatus(r, 202, 'POST imports');
  return { importId: (r.body as { id: string }).id };
};
let sharedImport: Promise<Partial<Subject>> | undefined;
/** Imports are the account managers' and their starter's: every other member gets 404, as if it did not exist. */
const STARTER_ONLY = (code: number): Expected => ({ ...EVERY_MEMBER(404), AM: code, OTHER: 404, ANON: 401 });
const imp = (w: World, s: Subject) => `${a(w)}/imports/${s.importId}`;

cases.push(
  // bulk import of members
  {
    route: 'POST /v1/accounts/{accountId}/imports',
    // who may add members (rows outside an admin's scope fail on their own: out_of_scope)
    expect: allow({ AM: 202, ADMIN_PLUS: 202, ADMIN_OUT: 202 }),
    request: (w) => ({ path: `${a(w)}/imports?dryRun=true`, file: importFile() }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ status: 'queued', dryRun: true, total: 1 });
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/imports',
    expect: EVERY_MEMBER(200),
    fresh: (w) => (sharedImport ??= amImport(w)),
    request: (w) => ({ path: `${a(w)}/imports` }),
    allowed: (r, caller, _w, s) => {
      const listed = ids((r.body as { items: { id: string }[] }).items);
      expect(listed.includes(s.importId!), caller).toBe(caller === 'AM');
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/imports/{importId}',
    expect: STARTER_ONLY(200),
    fresh: (w) => (sharedImport ??= amImport(w)),
    request: (w, s) => ({ path: imp(w, s) }),
  },
  {
    route: 'GET /v1/accounts/{accountId}/imports/{importId}/rows',
    expect: STARTER_ONLY(200),
    fresh: (w) => (sharedImport ??= amImport(w)),
    request: (w, s) => ({ path: `${imp(w, s)}/rows` }),
  },
  {
    route: 'POST /v1/accounts/{accountId}/imports/{importId}/cancel',
    expect: STARTER_ONLY(202),
    fresh: amImport,
    request: (w, s) => ({ path: `${imp(w, s)}/cancel` }),
    refused: async (w, s) => {
      const read = await call('GET', imp(w, s), { token: w.am.token });
      expect((read.body as { cancelRequested: boolean }).cancelRequested).toBe(false);
    },
  },
);

/**
 * Webhook endpoints (account managers only); an account holds at most ten, so cells share one where they can. They
 * point at a loopback port where nothing listens: the matrix's many changes are delivered to them in the background,
 * and must fail at once rather than look up a public name each time and keep the stack's webhook worker busy.
 */
const MATRIX_HOOK_URL = 'http://127.0.0.1:9/matrix';
const newWebhook = async (w: World): Promise<string> => {
  const r = await call('POST', `${a(w)}/webhooks`, {
    token: w.am.token,
    body: { url: MATRIX_HOOK_URL, eventTypes: ['user.*'] },
  });
  expectStatus(r, 201, 'POST webhooks');
  return (r.body as { id: string }).id;
};
let sharedWebhook: Promise<string> | undefined;
const onWebhook = async (w: World): Promise<Partial<Subject>> => {
  sharedWebhook ??= newWebhook(w);
  return { webhookId: await sharedWebhook };
};
/** A delivery of the shared endpoint, written as the fan-out would (the stream is not part of these tests). */
const withDelivery = async (w: World): Promise<Partial<Subject>> => {
  const { webhookId } = await onWebhook(w);
  const id = `01MATRIX${suffix().toUpperCase()}`;
  const at = new Date().toISOString();
  await ddb().send(
    new PutCommand({
      TableName: tableName(),
      Item: deliveryItem({
        id,
        accountId: w.accountId,
        webhookId: webhookId!,
        eventId: id,
        type: 'user.created',
        status: 'failed',
        attempts: 8,
        payload: '{}',
        orderKey: `${webhookId}:account`,
        createdAt: at,
        updatedAt: at,
        version: 9,
      }),
    }),
  );
  return { webhookId, deliveryId: id };
};
const hookPath = (w: World, s: Subject) => `${a(w)}/webhooks/${s.webhookId}`;

cases.push(
  {
    route: 'POST /v1/accounts/{accountId}/webhooks',
    expect: AM_ONLY(201),
    request: (w) => ({ path: `${a(w)}/webhooks`, body: { url: MATRIX_HOOK_URL, eventTypes: ['*'] } }),
    allowed: async (r, _c, w) => {
      expect((r.body as { secret: string }).secret).toMatch(/^whsec_/);
      // it would count against the account's ten
      const id = (r.body as { id: string }).id;
      expectStatus(await call('DELETE', `${a(w)}/webhooks/${id}`, { token: w.am.token }), 204);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/webhooks',
    expect: AM_ONLY(200),
    fresh: onWebhook,
    request: (w) => ({ path: `${a(w)}/webhooks` }),
    allowed: (r, _c, _w, s) => {
      expect(ids((r.body as { items: { id: string }[] }).items)).toContain(s.webhookId);
    },
  },
  {
    route: 'GET /v1/accounts/{accountId}/webhooks/{webhookId}',
    expect: AM_ONLY(200),
    fresh: onWebhook,
    request: (w, s) => ({ path: hookPath(w, s) }),
    allowed: (r) => {
      expect(r.body).not.toHaveProperty('secret');
    },
  },
  {
    route: 'PATCH /v1/accounts/{accountId}/webhooks/{webhookId}',
    expect: AM_ONLY(200),
    fresh: onWebhook,
    request: (w, s) => ({ path: hookPath(w, s), body: { description: 'matrix' } }),
  },
  {
    route: 'DELETE /v1/accounts/{accountId}/webhooks/{webhookId}',
    expect: AM_ONLY(204),
    // one at a time: each cell's fresh endpoint counts against the account's ten until it is gone
    serial: true,
    fresh: async (w) => ({ webhookId: await newWebhook(w) }),
    request: (w, s) => ({ path: hookPath(w, s) }),
    refused: async (w, s) => {
      expectStatus(await call('GET', hookPath(w, s), { token: w.am.token }), 200, 'the endpoint is still there');
      expectStatus(await call('DELETE', hookPath(w, s), { token: w.am.token }), 204);
    },
  },
  {
    route: 'POST /v1/accounts/{accountId}/webhooks/{webhookId}/rotate-secret',
    expect: AM_ONLY(200),
    fresh: onWebhook,
    request: (w, s) => ({ path: `${hookPath(w, s)}/rotate-secret` }),
    allowed: (r) => {
      expect((r.body as { secret: string }).secret).toMatch(/^whsec_/);
    },
  },
  {
    route: 'POST /v1/accounts/{accountId}/webhooks/{webhookId}/test',
    expect: AM_ONLY(202),
    fresh: onWebhook,
    request: (w, s) => ({ path: `${hookPath(w, s)}/test` }),
  },
  {
    route: 'GET /v1/accounts/{accountId}/webhooks/{webhookId}/deliveries',
    expect: AM_ONLY(200),
    fresh: withDelivery,
    request: (w, s) => ({ path: `${hookPath(w, s)}/deliveries` }),
    allowed: (r, _c, _w, s) => {
      expect(ids((r.body as { items: { id: string }[] }).items)).toContain(s.deliveryId);
    },
  },
  {
    route: 'POST /v1/accounts/{accountId}/webhooks/{webhookId}/deliveries/{deliveryId}/retry',
    expect: AM_ONLY(202),
    fresh: withDelivery,
    request: (w, s) => ({ path: `${hookPath(w, s)}/deliveries/${s.deliveryId}/retry` }),
    allowed: (r) => {
      expect(r.body).toMatchObject({ status: 'pending', attempts: 8 });
    },
    refused: async (w, s) => {
      const page = await call('GET', `${hookPath(w, s)}/deliveries?status=failed&limit=100`, { token: w.am.token });
      expect(ids((page.body as { items: { id: string }[] }).items)).toContain(s.deliveryId);
    },
  },
  {
    route: 'POST /v1/accounts/{accountId}/webhooks/{webhookId}/replay',
    expect: AM_ONLY(202),
    fresh: onWebhook,
    request: (w, s) => ({
      path: `${hookPath(w, s)}/replay`,
      body: { since: new Date(Date.now() - 3600_000).toISOString() },
    }),
  },
);

const shape = (route: string) => route.replace(/\{[^}]+\}/g, '{}');

let world: World;
beforeAll(async () => {
  world = await buildWorld('Matrix Co');
  // the imports' cells find them queued: the worker takes none of this account's until the end
  await holdImportQueue(world.accountId);
});
afterAll(() => resumeImportQueue(world.accountId));

describe('the matrix covers the route table', () => {
  const accountRoutes = routes
    .filter((r) => r.auth.kind !== 'public' && r.path.startsWith('/v1/accounts/{accountId}'))
    .map((r) => `${r.method} ${r.path}`);
  const operatorRoutes = routes
    .filter((r) => (r.auth.kind === 'operator' || r.auth.kind === 'memberOrOperator') && r.path.startsWith('/v1/'))
    .map((r) => shape(`${r.method} ${r.path}`));

  it('has an operator cell in the row of every account route the operator may call, and only there', () => {
    for (const c of cases) expect(c.operator !== undefined, c.route).toBe(operatorRoutes.includes(shape(c.route)));
  });

  it('has a row for every member or operator route about one account, and no row for a route that does not exist', () => {
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
        [...Object.values(c.expect), c.operator ?? 0].some((s) => s >= 200 && s < 300),
        c.route,
      ).toBe(true);
    }
  });
});

/**
 * SCIM routes are about one account too, but no caller of the rows above gets in: SCIM takes only the API key of a
 * system user with an enabled connection (test/integration/scim/platform-auth.test.ts has its refusals one by one).
 * Each SCIM route: every matrix caller is 401 as a SCIM error; the connection key of the same account gets past
 * authentication (ids in the path name nothing, so no cell changes the matrix's members).
 */
describe('SCIM routes: no caller of the matrix, only a connection key', () => {
  const scimRoutes = routes.filter((r) => r.scim);
  let connection: Promise<ScimClient> | undefined;
  const connectionKey = () => {
    connection ??= scimClient({ accountId: world.accountId, token: world.am.token, rootId: world.rootId } as Manager);
    return connection;
  };

  it('are exactly the routes under /scim/v2/accounts/{accountId}/, all with scimAuth', () => {
    expect(scimRoutes.length).toBeGreaterThanOrEqual(6);
    expect(routes.filter((r) => r.path.startsWith('/scim/')).length).toBe(scimRoutes.length);
    for (const r of scimRoutes) {
      expect(r.path.startsWith('/scim/v2/accounts/{accountId}/'), r.operationId).toBe(true);
      expect(r.auth.kind, r.operationId).toBe('scim');
    }
  });

  it.concurrent.each(scimRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: every matrix caller 401, the connection key gets in',
    async (_, route) => {
      const method = route.method === 'ANY' ? 'POST' : route.method;
      const path = route.path
        .replace('{accountId}', world.accountId)
        .replace('{proxy+}', 'Bulk')
        .replace(/\{\w+\}/g, 'NOSUCHID');
      const body = ['POST', 'PUT', 'PATCH'].includes(method)
        ? { rawBody: '{}', headers: { 'content-type': 'application/scim+json' } }
        : {};
      for (const caller of CALLERS) {
        const r = await call(method, path, { token: tokenOf(world, caller), ...body });
        expectStatus(r, 401, `${method} ${path} as ${caller}:`);
        expect(r.headers['content-type'], caller).toMatch(/^application\/scim\+json/);
      }
      const { key } = await connectionKey();
      const r = await call(method, path, { token: key, ...body });
      expect(r.status, `${method} ${path} with the connection key: ${JSON.stringify(r.body)}`).not.toBe(401);
      // the fallback answers /Bulk with 501, past authentication
      if (route.method === 'ANY') expectStatus(r, 501, `${method} ${path}`);
      else expect(r.status, `${method} ${path}`).toBeLessThan(500);
      // a document or a collection (no id in the path): read as it is
      if (method === 'GET' && !path.includes('NOSUCHID')) expectStatus(r, 200, `${method} ${path}`);
    },
  );
});

/** One cell: its subject, the call as `caller`, the status; then the 2xx checks, or that a refusal changed nothing. */
async function runCell(c: Case, caller: CallerName): Promise<void> {
  const [method, template] = c.route.split(' ');
  const shared: Subject = { target: world.target, invitationId: world.invitationX, unitId: world.unitX };
  const subject: Subject = { ...shared, ...(c.fresh ? await c.fresh(world) : {}) };
  const req = c.request(world, subject);
  expect(req.path.split('?')[0].split('/').length, 'the request follows the template').toBe(template.split('/').length);
  const r = await call(method, req.path, {
    token: tokenOf(world, caller),
    body: req.body,
    ...(req.file ? { rawBody: req.file.text, headers: { 'content-type': req.file.type } } : {}),
  });
  const status = c.expect[caller];
  expectStatus(r, status, `${method} ${req.path} as ${caller}:`);
  if (status < 300) return c.allowed?.(r, caller, world, subject);
  await c.refused?.(world, subject);
  // refused: a fresh target or unit is exactly as it was
  if (subject.target !== shared.target) {
    const after = await readUser(world.am, subject.target.id);
    expect({ version: after.version, status: after.status }).toEqual({
      version: subject.target.version,
      status: subject.target.status,
    });
  }
  // a fresh number or device is exactly as it was
  for (const [path, version] of [
    [`${a(world)}/numbers/${subject.numberId}`, subject.numberVersion],
    [`${a(world)}/users/${subject.target.id}/devices/${subject.deviceId}`, subject.deviceVersion],
  ] as const) {
    if (version === undefined) continue;
    const after = await call('GET', path, { token: world.am.token });
    expectStatus(after, 200, `GET ${path}`);
    expect((after.body as { version: number }).version, path).toBe(version);
  }
  if (subject.unitVersion !== undefined) {
    const after = await call('GET', `${a(world)}/units/${subject.unitId}`, { token: world.am.token });
    expectStatus(after, 200);
    expect((after.body as { version: number }).version).toBe(subject.unitVersion);
  }
}

/** The operator's cell: the same request with X-Operator-Key and no token. */
async function runOperatorCell(c: Case): Promise<void> {
  const [method] = c.route.split(' ');
  const subject: Subject = {
    target: world.target,
    invitationId: world.invitationX,
    unitId: world.unitX,
    ...(c.fresh ? await c.fresh(world) : {}),
  };
  const req = c.request(world, subject);
  const r = await call(method, req.path, { operatorKey: true, body: req.body });
  expectStatus(r, c.operator!, `${method} ${req.path} as OPERATOR:`);
}

const rows = (serial: boolean) => {
  for (const c of cases.filter((x) => !!x.serial === serial)) {
    describe(c.route, () => {
      for (const caller of CALLERS) it(`${caller} → ${c.expect[caller]}`, () => runCell(c, caller));
      if (c.operator !== undefined) it(`OPERATOR → ${c.operator}`, () => runOperatorCell(c));
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

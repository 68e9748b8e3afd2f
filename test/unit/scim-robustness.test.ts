import { describe, expect, it } from 'vitest';
import { ScimError } from '#domain/scim/errors.ts';
import { applyPatch, parsePatch } from '#domain/scim/patch.ts';
import { SCIM_ENTERPRISE_USER, SCIM_PATCH_OP, SCIM_USER } from '#domain/scim/schemas.ts';
import { parseFilter } from '#http/scim/filter.ts';
import { parseListQuery, project } from '#http/scim/list-query.ts';

/** A small deterministic generator (mulberry32), so a failure is reproducible. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = [
  'active',
  'Active',
  'emails',
  'emails[type eq "work"]',
  'emails[type eq "work"].value',
  'name',
  'name.givenName',
  'members',
  'members[value eq "u1"]',
  'displayName',
  'title',
  'id',
  'meta',
  'schemas',
  'password',
  'nickName',
  `${SCIM_ENTERPRISE_USER}:manager`,
  `${SCIM_ENTERPRISE_USER}:department`,
  SCIM_ENTERPRISE_USER,
  SCIM_USER,
  `${SCIM_USER}:userName`,
  'phoneNumbers[type eq "mobile"].value',
  'urn:x:y',
  '',
  '[',
  ']',
  '.',
  'eq',
  '"',
  'emails[primary eq true].value',
  'members[value co "u"]',
  '__proto__',
  'constructor',
  'emails.value',
];

function value(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 2 ? 6 : 9));
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return ['True', 'false', 'x', '', 'u1'][Math.floor(r() * 5)];
    case 3:
      return Math.floor(r() * 100) - 50;
    case 4:
      return undefined;
    case 5:
      return pieces[Math.floor(r() * pieces.length)];
    case 6:
      return Array.from({ length: Math.floor(r() * 3) }, () => value(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      // own properties, as JSON.parse makes them (a "__proto__" key included)
      for (let i = Math.floor(r() * 4); i > 0; i--) {
        const key = pieces[Math.floor(r() * pieces.length)];
        Object.defineProperty(o, key, { value: value(r, depth + 1), enumerable: true, writable: true });
      }
      if (r() < 0.3) o.value = value(r, depth + 1);
      return o;
    }
  }
}

function operation(r: () => number): unknown {
  if (r() < 0.05) return value(r);
  const o: Record<string, unknown> = { op: ['add', 'Replace', 'REMOVE', 'remove', 'delete', 7][Math.floor(r() * 6)] };
  if (r() < 0.8) o.path = r() < 0.9 ? pieces[Math.floor(r() * pieces.length)] : value(r);
  if (r() < 0.8) o.value = value(r);
  return o;
}

/** Throws only ScimErrors with a 4xx/5xx status and a detail: never a TypeError, never a 500 by accident. */
function onlyScimErrors(f: () => unknown): 'ok' | 'refused' {
  try {
    f();
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    expect((e as ScimError).detail).toBeTruthy();
    return 'refused';
  }
}

const doc = {
  schemas: [SCIM_USER, SCIM_ENTERPRISE_USER],
  id: 'u1',
  userName: 'a',
  name: { givenName: 'A' },
  emails: [{ value: 'a@x.test', type: 'work', primary: true }],
  [SCIM_ENTERPRISE_USER]: { department: 'D' },
  meta: {},
};

describe('robustness: random input only ever gives a result or a SCIM error', () => {
  it('parsePatch and applyPatch', () => {
    const r = random(16);
    const seen = { ok: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const ops = Array.from({ length: 1 + Math.floor(r() * 3) }, () => operation(r));
      const resource = r() < 0.7 ? 'User' : 'Group';
      const body = r() < 0.95 ? { schemas: [SCIM_PATCH_OP], Operations: ops } : value(r);
      seen[onlyScimErrors(() => applyPatch(doc, parsePatch(body, resource)))]++;
    }
    // both outcomes happen: the generator reaches valid and invalid requests alike
    expect(seen.ok).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(300);
    expect(({} as Record<string, unknown>).value).toBeUndefined(); // nothing polluted Object.prototype
  });

  it('parseFilter, parseListQuery and project', () => {
    const r = random(7);
    const words = [
      'userName',
      'eq',
      '"a"',
      'and',
      'or',
      '(',
      ')',
      '[',
      ']',
      '.value',
      'emails',
      'type',
      'true',
      'members[value eq "u"]',
      'userName eq "a"',
      'active eq false',
      'emails[type eq "work"].value eq "x"',
      'and id eq "u1"',
      'not',
      'pr',
      '12',
      'null',
      '"',
      ' ',
      'active',
      'ACTIVE',
      'co',
    ];
    const allowed = ['userName', 'externalId', 'id', 'emails.value', 'active', 'members.value'];
    const seen = { ok: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(r() * 8) }, () => words[Math.floor(r() * words.length)]).join(
        r() < 0.8 ? ' ' : '',
      );
      seen[onlyScimErrors(() => parseFilter(text, allowed))]++;
      const query = { count: String(value(r)), startIndex: String(value(r)), attributes: String(value(r)) };
      onlyScimErrors(() => project(doc, parseListQuery(query, allowed)));
    }
    expect(seen.ok).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(300);
  });
});

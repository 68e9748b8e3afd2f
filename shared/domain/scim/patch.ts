import { ScimError, scimBadRequest } from './errors.ts';
import type { PatchOpName, PatchOperation, PatchPath } from './patch-operation.ts';
import {
  findAttribute,
  findSubAttribute,
  resourceSchemas,
  type SCIM_ENTERPRISE_USER,
  SCIM_PATCH_OP,
  type ScimAttribute,
  type ScimResourceName,
  schemaOf,
} from './schemas.ts';

/**
 * SCIM PATCH (RFC 7644 §3.5.2) as identity providers send it: `parsePatch` turns a PatchOp body into canonical
 * operations (the quirks of Entra ID and Okta normalised away), `applyPatch` applies them to a SCIM document.
 * Both are pure: a refused request throws a ScimError before anything is written.
 */
export { applyPatch } from './patch-apply.ts';
export type { PatchOpName, PatchOperation, PatchPath, ScimDocument } from './patch-operation.ts';

/** Operations per request, each member value of a `members` operation counted as one. */
export const MAX_PATCH_OPERATIONS = 1000;

export interface ParsePatchOptions {
  /**
   * The id of the resource patched. A path-less value's `id` (Okta sends the group's own id with a rename) is
   * ignored when it equals this, and refused (400 mutability) when it differs; without it, it is always ignored.
   */
  id?: string;
}

/**
 * RFC 7643 attributes and sub-attributes Switchboard does not store. They are ignored wherever they appear, an
 * explicit path included: Entra's default mappings patch e.g. `addresses[type eq "work"].streetAddress`, and refusing
 * it would fail every update of the person. Names outside RFC 7643 are unknown: ignored in path-less values, 400
 * invalidPath as an explicit path.
 */
const notStored: Record<ScimResourceName, { attributes: Set<string>; sub: Record<string, Set<string>> }> = {
  User: {
    attributes: new Set(
      [
        'password',
        'roles',
        'entitlements',
        'groups',
        'nickName',
        'profileUrl',
        'userType',
        'preferredLanguage',
        'locale',
        'timezone',
        'ims',
        'photos',
        'addresses',
        'x509Certificates',
      ].map((n) => n.toLowerCase()),
    ),
    sub: {
      name: new Set(['middlename', 'honorificprefix', 'honorificsuffix']),
      emails: new Set(['display']),
      phonenumbers: new Set(['display', 'primary']),
      manager: new Set(['$ref', 'displayname']),
    },
  },
  Group: { attributes: new Set(), sub: { members: new Set(['$ref']) } },
};
/** Never changed through SCIM: refused on an explicit path. */
const immutableNames = new Set(['id', 'meta', 'schemas']);

const fail = (scimType: 'invalidPath' | 'invalidValue' | 'invalidSyntax' | 'invalidFilter', detail: string) =>
  scimBadRequest(scimType, detail);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where an operation lands once its path is read (`ignore`: an attribute not stored or read-only). */
type Target =
  | { kind: 'ignore' }
  | { kind: 'schema'; schema?: string }
  | { kind: 'id' }
  | {
      kind: 'attribute';
      schema?: string;
      attribute: ScimAttribute;
      sub?: ScimAttribute;
      where?: { attribute: ScimAttribute; value: string | boolean };
    };

interface Context {
  resource: ScimResourceName;
  /** Explicit path: unknown names are errors. Path-less value key: unknown names are ignored. */
  strict: boolean;
}

/** Splits `urn:…:Schema:rest` into the schema the resource knows and the rest. */
function splitUrn(resource: ScimResourceName, path: string): { schema?: string; rest: string; known: boolean } {
  const lower = path.toLowerCase();
  for (const s of resourceSchemas[resource]) {
    const urn = s.id.toLowerCase();
    if (lower === urn) return { schema: s.id, rest: '', known: true };
    if (lower.startsWith(`${urn}:`)) return { schema: s.id, rest: path.slice(urn.length + 1), known: true };
  }
  return { rest: path, known: !lower.startsWith('urn:') };
}

/** Far more than any attribute path with a value filter needs; keeps the regular expressions' work bounded. */
const MAX_PATH_LENGTH = 1000;
const PATH = /^([A-Za-z$][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z$][\w$-]*))?$/;
/** The one value filter a PATCH path takes: `<sub-attribute> eq <string or boolean>`. */
const WHERE = /^\s*([A-Za-z$][\w$-]*)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false)\s*$/i;

/** A quoted value of a path filter, read as JSON reads a string (`\q` or a broken `\u` is refused). */
function quoted(literal: string, raw: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw fail('invalidFilter', `Invalid quoted value in path filter "${raw}"`);
  }
}

function resolve(ctx: Context, raw: string, inSchema?: string): Target {
  const { resource, strict } = ctx;
  if (raw.length > MAX_PATH_LENGTH) {
    if (strict) throw fail('invalidPath', `A path has at most ${MAX_PATH_LENGTH} characters`);
    return { kind: 'ignore' };
  }
  const split = splitUrn(resource, raw.trim());
  if (!split.known) {
    if (strict) throw fail('invalidPath', `Unknown schema in path "${raw}"`);
    return { kind: 'ignore' };
  }
  const schema = split.schema ?? inSchema;
  const isCore = schema === undefined || schema === resourceSchemas[resource][0].id;
  if (split.rest === '') return { kind: 'schema', schema: isCore ? undefined : schema };
  const m = PATH.exec(split.rest);
  if (!m) {
    if (strict) throw fail('invalidPath', `Malformed path "${raw}"`);
    return { kind: 'ignore' };
  }
  const [, name, filter, subName] = m;
  const lowerName = name.toLowerCase();
  if (isCore && immutableNames.has(lowerName)) {
    if (strict) throw new ScimError(400, 'mutability', `"${name}" cannot be changed`);
    return lowerName === 'id' && filter === undefined && subName === undefined ? { kind: 'id' } : { kind: 'ignore' };
  }
  const ref = findAttribute(resource, name, isCore ? undefined : schema);
  if (!ref) {
    if (isCore && notStored[resource].attributes.has(lowerName)) return { kind: 'ignore' };
    if (strict) throw fail('invalidPath', `Unknown attribute "${name}" in path "${raw}"`);
    return { kind: 'ignore' };
  }
  const attribute = ref.attribute;
  if (attribute.mutability === 'readOnly') return { kind: 'ignore' };
  const target: Target = { kind: 'attribute', schema: isCore ? undefined : ref.schema, attribute };
  if (filter !== undefined) {
    if (!attribute.multiValued) throw fail('invalidPath', `"${attribute.name}" is not multi-valued: "${raw}"`);
    const w = WHERE.exec(filter);
    if (!w) throw fail('invalidFilter', `Only "<attribute> eq <value>" is supported in a path filter: "${raw}"`);
    const whereAttr = findSubAttribute(attribute, w[1]);
    if (!whereAttr) throw fail('invalidPath', `Unknown attribute "${w[1]}" in path filter "${raw}"`);
    const literal = w[2].startsWith('"') ? quoted(w[2], raw) : w[2].toLowerCase() === 'true';
    const value = whereAttr.type === 'boolean' ? toBoolean(whereAttr.name, literal) : literal;
    if (typeof value !== 'string' && whereAttr.type !== 'boolean') {
      throw fail('invalidFilter', `"${whereAttr.name}" compares with a string in "${raw}"`);
    }
    target.where = { attribute: whereAttr, value };
  }
  if (subName !== undefined) {
    const sub = attribute.subAttributes ? findSubAttribute(attribute, subName) : undefined;
    if (!sub) {
      if (notStored[resource].sub[attribute.name.toLowerCase()]?.has(subName.toLowerCase())) return { kind: 'ignore' };
      if (strict) throw fail('invalidPath', `Unknown attribute "${attribute.name}.${subName}" in path "${raw}"`);
      return { kind: 'ignore' };
    }
    if (sub.mutability === 'readOnly') return { kind: 'ignore' };
    target.sub = sub;
  }
  return target;
}

function toBoolean(name: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw fail('invalidValue', `"${name}" must be true or false`);
}

/** A scalar for a simple attribute: booleans coerced from "True"/"false"; numbers kept as text for strings. */
function scalar(a: ScimAttribute, v: unknown): string | boolean {
  if (a.type === 'boolean') return toBoolean(a.name, v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw fail('invalidValue', `"${a.name}" must be a string`);
}

/**
 * One element of a multi-valued complex attribute, keys cased as the schema has them; read-only and unknown
 * sub-attributes dropped (`members[].display`, `$ref`). A bare string is taken as `{value}`.
 */
function element(a: ScimAttribute, v: unknown, needsValue: boolean): Record<string, unknown> {
  const raw = typeof v === 'string' ? { value: v } : v;
  if (!isObject(raw)) throw fail('invalidValue', `Each "${a.name}" value must be an object`);
  const out: Record<string, unknown> = {};
  for (const [key, sv] of Object.entries(raw)) {
    const sub = findSubAttribute(a, key);
    if (!sub || sub.mutability === 'readOnly' || sv === null || sv === undefined) continue;
    out[sub.name] = scalar(sub, sv);
  }
  if (needsValue && (typeof out.value !== 'string' || out.value === '')) {
    throw fail('invalidValue', `Each "${a.name}" value needs a "value"`);
  }
  return out;
}

function pathOf(t: Extract<Target, { kind: 'attribute' }>, sub = t.sub): PatchPath {
  const path: PatchPath = { attribute: t.attribute.name };
  if (t.schema) path.schema = t.schema as typeof SCIM_ENTERPRISE_USER;
  if (sub) path.subAttribute = sub.name;
  if (t.where) path.where = { attribute: t.where.attribute.name, value: t.where.value };
  return path;
}

/** Emits the canonical operations of one (op, target, value). */
function emit(
  ctx: Context,
  op: PatchOpName,
  target: Target,
  value: unknown,
  out: PatchOperation[],
  options: ParsePatchOptions,
) {
  if (target.kind === 'ignore') return;
  if (target.kind === 'id') {
    if (op !== 'remove' && options.id !== undefined && value !== options.id) {
      throw new ScimError(400, 'mutability', '"id" cannot be changed');
    }
    return;
  }
  if (target.kind === 'schema') {
    // the whole resource, or a whole extension: one operation per attribute named
    if (op === 'remove') {
      if (!target.schema) throw new ScimError(400, 'noTarget', 'A remove operation needs a path');
      for (const a of schemaOf(ctx.resource, target.schema)?.attributes ?? []) {
        out.push({ op, path: { schema: target.schema as typeof SCIM_ENTERPRISE_USER, attribute: a.name } });
      }
      return;
    }
    if (!isObject(value)) throw fail('invalidValue', 'A path-less operation takes an object of attributes');
    expand(ctx, op, value, target.schema, out, options);
    return;
  }
  const { attribute: a, sub, where } = target;
  const single = !a.multiValued;
  if (op === 'remove') {
    if (a.multiValued && !sub && !where && value !== undefined && value !== null) {
      // remove listed values (Entra's member removal: path "members" with a value list)
      const list = (Array.isArray(value) ? value : [value]).map((v) => element(a, v, true));
      if (list.length > 0) out.push({ op, path: pathOf(target), value: list });
      return;
    }
    out.push({ op, path: pathOf(target) });
    return;
  }
  if (value === undefined) throw fail('invalidValue', `"${op}" of "${a.name}" needs a value`);
  // null or an empty list is the unassigned state (RFC 7643 §2.5): replacing with it removes
  if (value === null || (Array.isArray(value) && value.length === 0)) {
    if (op === 'replace' || !a.multiValued || sub || where) out.push({ op: 'remove', path: pathOf(target) });
    return;
  }
  const effective: PatchOpName = single ? 'replace' : op; // add on a single value is replace
  if (sub || (a.type !== 'complex' && !a.multiValued)) {
    out.push({ op: effective, path: pathOf(target), value: scalar(sub ?? a, value) });
    return;
  }
  if (single) {
    // a single-valued complex attribute (name, manager): one operation per sub-attribute, the others kept
    if (!isObject(value)) {
      const valueSub = findSubAttribute(a, 'value');
      if (!valueSub) throw fail('invalidValue', `"${a.name}" takes an object`);
      // Entra sends the manager's id as the value of path "…:manager"
      out.push({ op: effective, path: pathOf(target, valueSub), value: scalar(valueSub, value) });
      return;
    }
    for (const [key, sv] of Object.entries(value)) {
      const s = findSubAttribute(a, key);
      if (!s || s.mutability === 'readOnly') continue;
      if (sv === null) out.push({ op: 'remove', path: pathOf(target, s) });
      else out.push({ op: effective, path: pathOf(target, s), value: scalar(s, sv) });
    }
    return;
  }
  if (where) {
    // the matching elements' sub-attributes (created when nothing matches)
    const v = Array.isArray(value) && value.length === 1 ? value[0] : value;
    out.push({ op, path: pathOf(target), value: element(a, v, false) });
    return;
  }
  const list = (Array.isArray(value) ? value : [value]).map((v) => element(a, v, true));
  out.push({ op, path: pathOf(target), value: list });
}

/** A path-less value object: dotted keys, URN keys and nested extension objects, one operation per attribute. */
function expand(
  ctx: Context,
  op: PatchOpName,
  value: Record<string, unknown>,
  schema: string | undefined,
  out: PatchOperation[],
  options: ParsePatchOptions,
) {
  const lenient: Context = { ...ctx, strict: false };
  for (const [key, v] of Object.entries(value)) {
    emit(lenient, op, resolve(lenient, key, schema), v, out, options);
  }
}

/**
 * Validates a PatchOp body and returns its operations in canonical form (see the module comment and the doc):
 * `op` lower-cased; paths canonical (case-insensitive, URN prefix or not); path-less values expanded into one
 * operation per attribute; booleans coerced; read-only attributes (User `displayName`, `name.formatted`,
 * `members.display`) ignored rather than refused, since identity providers echo them back; `id`/`meta` on a path
 * refused (400 mutability); `remove` without a path refused (400 noTarget); more than 1,000 operations, member values
 * counted, refused (400 tooMany). An empty `Operations` list gives [].
 */
export function parsePatch(body: unknown, resource: ScimResourceName, options: ParsePatchOptions = {}) {
  if (!isObject(body)) throw fail('invalidSyntax', 'The body must be a PatchOp object');
  const schemas = body.schemas;
  // `schemas` is checked when sent; some clients leave it out and the operations alone are unambiguous
  if (schemas !== undefined) {
    const ok =
      Array.isArray(schemas) &&
      schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SCIM_PATCH_OP.toLowerCase());
    if (!ok) throw fail('invalidSyntax', `"schemas" must contain ${SCIM_PATCH_OP}`);
  }
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  const operations = key === undefined ? undefined : body[key];
  if (!Array.isArray(operations)) throw fail('invalidSyntax', '"Operations" must be an array');
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw new ScimError(400, 'tooMany', `At most ${MAX_PATCH_OPERATIONS} operations per request`);
  }
  const ctx: Context = { resource, strict: true };
  const out: PatchOperation[] = [];
  for (const raw of operations) {
    if (!isObject(raw)) throw fail('invalidSyntax', 'Each operation must be an object');
    const fields = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
    const op = typeof fields.op === 'string' ? fields.op.toLowerCase() : undefined;
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw fail('invalidSyntax', `"op" must be add, replace or remove`);
    }
    const path = fields.path;
    if (path !== undefined && path !== null && typeof path !== 'string')
      throw fail('invalidPath', '"path" must be a string');
    if (path === undefined || path === null || path.trim() === '') {
      if (op === 'remove') throw new ScimError(400, 'noTarget', 'A remove operation needs a path');
      if (!isObject(fields.value)) throw fail('invalidValue', 'A path-less operation takes an object of attributes');
      expand(ctx, op, fields.value, undefined, out, options);
    } else {
      emit(ctx, op, resolve(ctx, path), fields.value, out, options);
    }
  }
  const weight = out.reduce(
    (n, o) => n + (o.path?.attribute === 'members' && Array.isArray(o.value) ? Math.max(o.value.length, 1) : 1),
    0,
  );
  if (weight > MAX_PATCH_OPERATIONS) {
    throw new ScimError(
      400,
      'tooMany',
      `At most ${MAX_PATCH_OPERATIONS} operations per request, member values counted`,
    );
  }
  return out;
}

import { ScimError, scimBadRequest } from './errors.ts';
import type { PatchOperation, PatchPath, ScimDocument } from './patch-operation.ts';
import { findAttribute, findSubAttribute, SCIM_ENTERPRISE_USER, type ScimAttribute } from './schemas.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Element = Record<string, unknown>;

/** Compares two values of a sub-attribute as the schema says (caseExact or not). */
function same(a: ScimAttribute | undefined, x: unknown, y: unknown): boolean {
  if (typeof x === 'string' && typeof y === 'string' && a && !a.caseExact) return x.toLowerCase() === y.toLowerCase();
  return x === y;
}

function attributeOf(path: PatchPath): ScimAttribute | undefined {
  for (const resource of ['User', 'Group'] as const) {
    const ref = findAttribute(resource, path.attribute, path.schema);
    if (ref) return ref.attribute;
  }
  return undefined;
}

/** At most one element is primary: the ones just set win. */
function onePrimary(list: Element[], touched: Set<Element>) {
  const winner = list.find((e) => touched.has(e) && e.primary === true) ?? list.find((e) => e.primary === true);
  for (const e of list) if (e.primary === true && e !== winner) e.primary = false;
}

function applyMultiValued(container: Record<string, unknown>, a: ScimAttribute, o: PatchOperation) {
  const path = o.path as PatchPath;
  const valueAttr = findSubAttribute(a, 'value');
  const current = Array.isArray(container[a.name]) ? (container[a.name] as Element[]) : [];
  const touched = new Set<Element>();
  let next: Element[];
  if (path.where) {
    const where = path.where;
    const whereAttr = findSubAttribute(a, where.attribute);
    const matches = (e: Element) => same(whereAttr, e[where.attribute], where.value);
    next = [...current];
    if (o.op === 'remove') {
      next = path.subAttribute
        ? next
            .map((e) => {
              if (!matches(e)) return e;
              const { [path.subAttribute as string]: _, ...rest } = e;
              return rest;
            })
            .filter((e) => e.value !== undefined) // an element without its value means nothing
        : next.filter((e) => !matches(e));
    } else {
      const patch: Element = path.subAttribute ? { [path.subAttribute]: o.value } : (o.value as Element);
      let found = false;
      next = next.map((e) => {
        if (!matches(e)) return e;
        found = true;
        const merged = { ...e, ...patch };
        touched.add(merged);
        return merged;
      });
      if (!found) {
        // a filtered add or replace that matches nothing creates the element (Entra relies on it)
        const created = { [where.attribute]: where.value, ...patch };
        touched.add(created);
        next.push(created);
      }
    }
  } else if (path.subAttribute) {
    const sub = path.subAttribute;
    if (o.op === 'remove') {
      next = current.map(({ [sub]: _, ...rest }) => rest).filter((e) => e.value !== undefined);
    } else {
      next = current.length === 0 ? [{ [sub]: o.value }] : current.map((e) => ({ ...e, [sub]: o.value }));
      for (const e of next) touched.add(e);
    }
  } else if (o.op === 'remove') {
    const listed = Array.isArray(o.value) ? (o.value as Element[]) : undefined;
    next = listed ? current.filter((e) => !listed.some((l) => same(valueAttr, l.value, e.value))) : [];
  } else {
    const values = (o.value as Element[]).map((e) => ({ ...e }));
    for (const e of values) touched.add(e);
    if (o.op === 'replace') next = values;
    else {
      // add appends, an element with the value of an existing one taking its place
      next = current.filter((e) => !values.some((v) => same(valueAttr, v.value, e.value)));
      next.push(...values);
    }
  }
  onePrimary(next, touched);
  if (next.length === 0) delete container[a.name];
  else container[a.name] = next;
}

/**
 * Applies canonical operations in order to a SCIM document (a user; a group without its members) and returns a new
 * document, the input untouched: add on a single value is replace; a filtered add or replace that matches nothing
 * creates the element; removing what is absent is a no-op; add to a multi-valued attribute appends, de-duplicated by
 * `value`; removing an element's `value` removes the element; at most one element stays `primary`;
 * `schemas` lists the Enterprise extension exactly when the document has its attributes.
 */
export function applyPatch(doc: ScimDocument, ops: PatchOperation[]): ScimDocument {
  const result = structuredClone(doc);
  for (const o of ops) {
    if (!o.path) throw new ScimError(400, 'noTarget', 'An operation without a path');
    const a = attributeOf(o.path);
    if (!a) throw scimBadRequest('invalidPath', `Unknown attribute "${o.path.attribute}"`);
    const schema = o.path.schema;
    let container: Record<string, unknown>;
    if (schema) {
      if (!isObject(result[schema])) result[schema] = {};
      container = result[schema] as Record<string, unknown>;
    } else container = result;
    if (a.multiValued) applyMultiValued(container, a, o);
    else if (o.path.subAttribute) {
      const sub = o.path.subAttribute;
      const current = isObject(container[a.name]) ? (container[a.name] as Element) : {};
      if (o.op === 'remove') {
        const { [sub]: _, ...rest } = current;
        if (Object.keys(rest).length === 0) delete container[a.name];
        else container[a.name] = rest;
      } else container[a.name] = { ...current, [sub]: o.value };
    } else if (o.op === 'remove') delete container[a.name];
    else container[a.name] = o.value;
    if (schema && Object.keys(container).length === 0) delete result[schema];
  }
  // `schemas` lists the extension exactly when the document carries its attributes
  if (Array.isArray(result.schemas)) {
    const schemas = (result.schemas as string[]).filter((s) => s !== SCIM_ENTERPRISE_USER);
    result.schemas = isObject(result[SCIM_ENTERPRISE_USER]) ? [...schemas, SCIM_ENTERPRISE_USER] : schemas;
  }
  return result;
}

/**
 * Projection (RFC 7644 §3.4.2.5, §3.9): `attributes` and `excludedAttributes` on any SCIM read. Apart from the list
 * query (list-query.ts) so that reads by id bundle no filter parser.
 */
import type { ScimDocument } from '#domain/scim/patch.ts';

/** What a request asks of a resource's attributes; with both, `attributes` wins (`excludedAttributes` is left out). */
export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** Query parameter names are read case-insensitively (Entra and Okta send them cased as the RFC does). */
export function queryParam(query: Record<string, string | undefined>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(query)) if (k.toLowerCase() === lower && v !== undefined) return v;
  return undefined;
}

/** A comma-separated list of attribute names; empty: none. */
export function attributeNames(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return list.length > 0 ? list : undefined;
}

/** The projection a request's query string asks for; the rest of the query is not read. */
export function projectionOf(query: Record<string, string | undefined>): Projection {
  const attributes = attributeNames(queryParam(query, 'attributes'));
  if (attributes) return { attributes };
  const excludedAttributes = attributeNames(queryParam(query, 'excludedAttributes'));
  return excludedAttributes ? { excludedAttributes } : {};
}

/** Attributes every representation carries, whatever the projection (RFC 7643 §3.1, `returned: always`). */
const ALWAYS = new Set(['id', 'schemas', 'meta']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function listed(doc: ScimDocument, urn: string): boolean {
  const lower = urn.toLowerCase();
  return Array.isArray(doc.schemas) && doc.schemas.some((s) => typeof s === 'string' && s.toLowerCase() === lower);
}

function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/**
 * Reads a requested name into where it points: `[container key or undefined (top level), attribute?, sub?]`.
 * "urn:…:enterprise:2.0:User" names the whole extension; "urn:…:enterprise:2.0:User:manager.value" one of its
 * attributes; "urn:…:core:2.0:User:name.givenName" a core one; "emails.value" a sub-attribute.
 */
function locate(doc: ScimDocument, name: string): { container?: string; attribute?: string; sub?: string } {
  const whole = keyOf(doc, name);
  if (whole !== undefined && name.toLowerCase().startsWith('urn:')) return { container: whole };
  let rest = name;
  let container: string | undefined;
  if (name.toLowerCase().startsWith('urn:')) {
    const cut = name.lastIndexOf(':');
    const prefix = name.slice(0, cut);
    rest = name.slice(cut + 1);
    const key = keyOf(doc, prefix);
    if (key !== undefined && isObject(doc[key])) container = key;
    else if (!listed(doc, prefix)) return {}; // a schema this resource does not have
  }
  const [attribute, sub] = rest.split('.', 2);
  return { container, attribute, sub };
}

function pick(source: Record<string, unknown>, target: Record<string, unknown>, attribute: string, sub?: string) {
  const key = keyOf(source, attribute);
  if (key === undefined) return;
  const value = source[key];
  if (sub === undefined) {
    target[key] = value;
    return;
  }
  if (Array.isArray(value)) {
    const existing = Array.isArray(target[key]) ? (target[key] as Record<string, unknown>[]) : undefined;
    const picked = value.map((e, i) => {
      const into = { ...(existing?.[i] ?? {}) };
      const subKey = isObject(e) ? keyOf(e, sub) : undefined;
      if (subKey !== undefined) into[subKey] = (e as Record<string, unknown>)[subKey];
      return into;
    });
    if (picked.some((e) => Object.keys(e).length > 0)) target[key] = picked;
  } else if (isObject(value)) {
    const subKey = keyOf(value, sub);
    if (subKey === undefined) return;
    target[key] = { ...(isObject(target[key]) ? target[key] : {}), [subKey]: value[subKey] };
  }
}

function drop(source: Record<string, unknown>, attribute: string, sub?: string) {
  const key = keyOf(source, attribute);
  if (key === undefined) return;
  if (sub === undefined) {
    delete source[key];
    return;
  }
  const value = source[key];
  if (Array.isArray(value)) {
    source[key] = value.map((e) => {
      if (!isObject(e)) return e;
      const subKey = keyOf(e, sub);
      if (subKey === undefined) return e;
      const { [subKey]: _, ...rest } = e;
      return rest;
    });
  } else if (isObject(value)) {
    const subKey = keyOf(value, sub);
    if (subKey === undefined) return;
    const { [subKey]: _, ...rest } = value;
    source[key] = rest;
  }
}

/**
 * RFC 7644 §3.4.2.5 projection of one resource: with `attributes`, only those (and `id`, `schemas`, `meta`); with
 * `excludedAttributes`, all but those (never `id`, `schemas`, `meta`). Names are case-insensitive, may name a
 * sub-attribute ("name.givenName", "emails.value") and may carry a schema URN ("urn:…:enterprise:2.0:User:department",
 * or the extension's URN alone for all of it). Unknown names are ignored.
 */
export function project(doc: ScimDocument, q: Projection): ScimDocument {
  if (q.attributes && q.attributes.length > 0) {
    const out: ScimDocument = {};
    for (const [k, v] of Object.entries(doc)) if (ALWAYS.has(k)) out[k] = v;
    for (const name of q.attributes) {
      const { container, attribute, sub } = locate(doc, name);
      if (container !== undefined && attribute === undefined) {
        out[container] = doc[container];
        continue;
      }
      if (attribute === undefined || (container === undefined && ALWAYS.has(attribute))) continue;
      if (container === undefined) pick(doc, out, attribute, sub);
      else {
        const into = isObject(out[container]) ? (out[container] as Record<string, unknown>) : {};
        pick(doc[container] as Record<string, unknown>, into, attribute, sub);
        if (Object.keys(into).length > 0) out[container] = into;
      }
    }
    return structuredClone(out);
  }
  if (q.excludedAttributes && q.excludedAttributes.length > 0) {
    const out = structuredClone(doc);
    for (const name of q.excludedAttributes) {
      const { container, attribute, sub } = locate(out, name);
      if (container !== undefined && attribute === undefined) {
        delete out[container];
        continue;
      }
      if (attribute === undefined) continue;
      if (container === undefined) {
        if (!ALWAYS.has(attribute.toLowerCase())) drop(out, attribute, sub);
      } else {
        const ext = out[container] as Record<string, unknown>;
        drop(ext, attribute, sub);
        if (Object.keys(ext).length === 0) delete out[container];
      }
    }
    return out;
  }
  return doc;
}

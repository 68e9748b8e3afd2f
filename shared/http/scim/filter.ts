import { type Compare, type Filter, type LogExp, parse, type ValuePath } from 'scim2-parse-filter';
import { scimBadRequest } from '#domain/scim/errors.ts';
import { findAttribute, findSubAttribute, resourceSchemas, type ScimAttribute } from '#domain/scim/schemas.ts';

/**
 * A SCIM filter (RFC 7644 §3.4.2.2) reduced to what the stores answer with a Query: `eq` terms joined by `and`.
 * The grammar is scim2-parse-filter's; this module only walks its tree and refuses what it does not support.
 */
export interface FilterTerm {
  /** Canonical: 'userName', 'externalId', 'id', 'emails.value', 'active', 'displayName', 'members.value'. */
  attribute: string;
  /** As sent: the stores compare `userName`, emails and `displayName` case-insensitively, the rest exactly. */
  value: string | boolean;
  /** `emails[type eq "work"].value eq "x"` → where `{attribute: 'type', value: 'work'}`. */
  where?: { attribute: string; value: string };
}

/** Identity providers' filters are one or two terms; the parser recurses per parenthesis. */
const MAX_FILTER_LENGTH = 2000;
/** The most UTF-8 bytes a compared string may have: values become key parts, and DynamoDB keys are bounded. */
const MAX_FILTER_VALUE_BYTES = 512;

/** A compared string, refused when it could not be part of a key. */
function keyable(value: string, path: string): string {
  if (Buffer.byteLength(value, 'utf8') > MAX_FILTER_VALUE_BYTES)
    throw invalid(`"${path}" compares with a value of at most ${MAX_FILTER_VALUE_BYTES} bytes (UTF-8)`);
  return value;
}

const invalid = (detail: string) => scimBadRequest('invalidFilter', detail);
const UNSUPPORTED = 'only "eq" comparisons joined by "and" are supported';

/** The schemas' URNs, longest first, for stripping a prefix such as "urn:…:core:2.0:User:userName". */
const urns = [...new Set(Object.values(resourceSchemas).flatMap((list) => list.map((s) => s.id.toLowerCase())))].sort(
  (a, b) => b.length - a.length,
);
function stripUrn(path: string): string {
  const lower = path.toLowerCase();
  const urn = urns.find((u) => lower.startsWith(`${u}:`));
  return urn ? path.slice(urn.length + 1) : path;
}

/** The attribute definition behind a canonical name ('emails.value'), for its type. */
function definition(canonical: string): ScimAttribute | undefined {
  const [name, sub] = canonical.split('.');
  for (const resource of ['User', 'Group'] as const) {
    const ref = findAttribute(resource, name);
    if (ref) return sub ? findSubAttribute(ref.attribute, sub) : ref.attribute;
  }
  return undefined;
}

function canonical(path: string, allowed: readonly string[]): string {
  const name = stripUrn(path).toLowerCase();
  const found = allowed.find((a) => a.toLowerCase() === name);
  if (!found) throw invalid(`Filtering on "${path}" is not supported (supported: ${allowed.join(', ')})`);
  return found;
}

function comparison(attribute: string, value: unknown, path: string): string | boolean {
  const type = definition(attribute)?.type;
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    throw invalid(`"${path}" compares with true or false`);
  }
  if (typeof value !== 'string') throw invalid(`"${path}" compares with a string in double quotes`);
  return keyable(value, path);
}

/** `X[s eq "v"]`: the value filter of a value path, which must be one `eq` on a sub-attribute of X. */
function valueFilter(f: ValuePath): { attribute: string; value: string } {
  const inner = f.valFilter;
  if (inner.op !== 'eq') {
    throw invalid(`"${f.attrPath}[…]" is not supported: a value filter takes one "eq" comparison`);
  }
  const c = inner as Compare;
  if (typeof c.compValue !== 'string') throw invalid(`"${c.attrPath}" compares with a string in double quotes`);
  return { attribute: c.attrPath, value: keyable(c.compValue, c.attrPath) };
}

function terms(f: Filter, allowed: readonly string[], out: FilterTerm[]) {
  switch (f.op) {
    case 'and': {
      const list = (f as LogExp).filters;
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        const next = list[i + 1];
        // the parser reads `emails[type eq "work"].value eq "x"` as `emails[type eq "work"] and emails.value eq "x"`
        if (item.op === '[]' && next?.op === 'eq') {
          const vp = item as ValuePath;
          const cmp = next as Compare;
          if (
            stripUrn(cmp.attrPath)
              .toLowerCase()
              .startsWith(`${stripUrn(vp.attrPath).toLowerCase()}.`)
          ) {
            const attribute = canonical(cmp.attrPath, allowed);
            const w = valueFilter(vp);
            const parent = attribute.slice(0, attribute.indexOf('.'));
            const whereName = definition(`${parent}.${w.attribute}`)?.name;
            if (!whereName || definition(`${parent}.${whereName}`)?.type !== 'string') {
              throw invalid(`Filtering "${parent}" on "${w.attribute}" is not supported`);
            }
            out.push({
              attribute,
              value: comparison(attribute, cmp.compValue, cmp.attrPath),
              where: { attribute: whereName, value: w.value },
            });
            i++;
            continue;
          }
        }
        terms(item, allowed, out);
      }
      return;
    }
    case 'eq': {
      const c = f as Compare;
      const attribute = canonical(c.attrPath, allowed);
      out.push({ attribute, value: comparison(attribute, c.compValue, c.attrPath) });
      return;
    }
    case '[]': {
      // `members[value eq "x"]` is `members.value eq "x"`
      const vp = f as ValuePath;
      const w = valueFilter(vp);
      const parent = stripUrn(vp.attrPath);
      const attribute = canonical(`${parent}.${w.attribute}`, allowed);
      out.push({ attribute, value: comparison(attribute, w.value, `${parent}.${w.attribute}`) });
      return;
    }
    default:
      throw invalid(`The operator "${f.op}" is not supported: ${UNSUPPORTED}`);
  }
}

/**
 * Parses a filter into `eq` terms joined by `and`, attribute names canonical (cased as in `allowed`, URN prefixes
 * stripped). Other operators, `or`, `not`, attributes outside `allowed` and syntax errors → 400 invalidFilter.
 */
export function parseFilter(text: string, allowed: readonly string[]): FilterTerm[] {
  if (text.length > MAX_FILTER_LENGTH) throw invalid(`A filter has at most ${MAX_FILTER_LENGTH} characters`);
  // the parser's string token backtracks exponentially on raw line breaks (`"` then 30 of them takes seconds):
  // control characters have no place in a filter (inside a quoted value they are written escaped, as in JSON)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) throw invalid('A filter cannot contain control characters');
  let tree: Filter;
  try {
    tree = parse(text);
  } catch {
    throw invalid('The filter is not valid SCIM filter syntax');
  }
  const out: FilterTerm[] = [];
  terms(tree, allowed, out);
  return out;
}

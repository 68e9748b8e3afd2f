import * as v from 'valibot';
import { ValidationError, type FieldProblem } from '#domain/errors.ts';

type Issue = v.BaseIssue<unknown>;

const count = (issue: Issue, noun: string) =>
  `${String(issue.requirement)} ${typeof issue.input === 'string' ? 'character' : noun}${issue.requirement === 1 ? '' : 's'}`;
/** `("a" | "b")` as the schema states it → `"a", "b"`. */
const options = (expected: string | null) =>
  (expected ?? '')
    .replace(/^\(|\)$/g, '')
    .split(' | ')
    .join(', ');

/**
 * What is wrong, in words a client developer can act on. Used where a schema names no message of its own
 * (a schema's own message, such as a pattern's, always wins).
 */
function message(issue: Issue): string {
  if (issue.received === 'undefined' && issue.kind === 'schema') return 'is required';
  switch (issue.type) {
    case 'min_length':
      return issue.requirement === 1 ? 'must not be empty' : `must be at least ${count(issue, 'item')}`;
    case 'max_length':
      return `must be at most ${count(issue, 'item')}`;
    case 'min_value':
      return `must be at least ${String(issue.requirement)}`;
    case 'max_value':
      return `must be at most ${String(issue.requirement)}`;
    case 'integer':
      return 'must be a whole number';
    case 'picklist':
      return `must be one of: ${options(issue.expected)}`;
    case 'literal':
      return `must be ${String(issue.expected)}`;
    case 'iso_timestamp':
      return 'must be an ISO 8601 timestamp';
    case 'regex':
      return 'is not in the expected format';
    default:
      return issue.kind === 'schema' ? `must be of type ${String(issue.expected).toLowerCase()}` : 'is invalid';
  }
}

const config = { message, abortPipeEarly: true } satisfies v.Config<Issue>;

type Path = NonNullable<Issue['path']>;
const join = (keys: readonly unknown[]): string => keys.map(String).join('.');
const keysOf = (path: Path | undefined): unknown[] => (path ?? []).map((item) => item.key);

type Node = { wrapped?: unknown; entries?: Record<string, unknown>; item?: unknown } | undefined;
/** A schema under its `optional`/`nullable` wrappers. */
function unwrap(schema: unknown): Node {
  let s = schema as Node;
  while (s?.wrapped) s = s.wrapped as Node;
  return s;
}
/** The schema at a path of object keys and array indexes. */
const schemaAt = (schema: v.GenericSchema, keys: unknown[]): Node =>
  keys.reduce<Node>((s, key) => unwrap(s?.entries ? s.entries[String(key)] : s?.item), unwrap(schema));

const hasField = (entries: Record<string, unknown>, key: string) => Object.hasOwn(entries, key);

/**
 * One problem per issue, except for fields a strict object does not have: valibot names the first of those only,
 * and a client sending `{ id, status, version }` should hear of all three, so every unknown key of that object is named.
 */
export function toFieldProblems(schema: v.GenericSchema, issues: readonly Issue[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const keys = keysOf(issue.path);
    if (!(issue.type === 'strict_object' && issue.expected === 'never')) {
      problems.push({ path: join(keys), message: issue.message });
      continue;
    }
    const parent = keys.slice(0, -1);
    if (seen.has(join(parent))) continue;
    seen.add(join(parent));
    const holder = issue.path!.at(-1)!.input as Record<string, unknown>;
    const entries = schemaAt(schema, parent)?.entries;
    const unknown = entries ? Object.keys(holder).filter((key) => !hasField(entries, key)) : [];
    // whatever the walk finds, the key valibot named is among them
    for (const key of unknown.length ? unknown : [String(keys.at(-1))])
      problems.push({ path: join([...parent, key]), message: 'is not a field you may set here' });
  }
  return problems;
}

/**
 * Where the schema has an object and the value has an array (which valibot's object schemas accept as an object
 * without keys): `[]` for a PATCH body is not "change nothing", it is not a JSON object.
 */
function arraysForObjects(schema: Node, value: unknown, path: unknown[] = []): FieldProblem[] {
  const s = unwrap(schema);
  if (!s?.entries || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return [{ path: join(path), message: 'must be a JSON object, not an array' }];
  const entries = s.entries;
  return Object.entries(value).flatMap(([key, inner]) =>
    hasField(entries, key) ? arraysForObjects(entries[key] as Node, inner, [...path, key]) : [],
  );
}

export function parseWith<S extends v.GenericSchema>(schema: S, value: unknown, prefix?: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value, config);
  const problems = result.success ? arraysForObjects(schema as Node, value) : toFieldProblems(schema, result.issues);
  if (result.success && problems.length === 0) return result.output;
  throw new ValidationError(
    prefix ? problems.map((p) => ({ ...p, path: p.path ? `${prefix}.${p.path}` : prefix })) : problems,
  );
}

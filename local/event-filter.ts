/**
 * Lambda's event filtering (the filter patterns of an event source mapping), as far as the local runtime needs it:
 * a pattern is an object whose leaves are arrays of allowed values; a record matches when, for every leaf, the
 * record's value at the same path is one of them. Content filters (`prefix`, `exists`, `numeric`, …) are not served
 * locally: a pattern that uses one is refused when the tailer starts, rather than matched wrongly.
 */

type Leaf = readonly (string | number | boolean | null)[];
export interface FilterPattern {
  readonly [field: string]: Leaf | FilterPattern;
}

/** Why the local matcher cannot serve this pattern, or undefined when it can. */
export function unsupportedFilter(pattern: FilterPattern, path = ''): string | undefined {
  for (const [field, rule] of Object.entries(pattern)) {
    const at = path ? `${path}.${field}` : field;
    if (Array.isArray(rule)) {
      if (rule.length === 0) return `${at}: an empty list matches nothing`;
      if (rule.some((v) => v !== null && typeof v === 'object')) return `${at}: content filters are not served locally`;
    } else if (rule && typeof rule === 'object') {
      const inner = unsupportedFilter(rule as FilterPattern, at);
      if (inner) return inner;
    } else return `${at}: a rule is a list of values or an object of rules`;
  }
  return undefined;
}

/** Whether `value` (a record as Lambda sees it) matches every rule of `pattern`. */
export function matchesFilter(pattern: FilterPattern, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const fields = value as Record<string, unknown>;
  return Object.entries(pattern).every(([field, rule]) =>
    Array.isArray(rule)
      ? (rule as Leaf).some((allowed) => fields[field] === allowed)
      : matchesFilter(rule as FilterPattern, fields[field]),
  );
}

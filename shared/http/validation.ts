import type * as z from 'zod/mini';
import { ValidationError, type FieldProblem } from '#domain/errors.ts';

type Issue = z.core.$ZodIssue;

/** zod/mini ships no messages; these say what is wrong in words a client developer can act on. */
function message(issue: Issue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be of type ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' ? `must be at least ${issue.minimum} characters` : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${issue.maximum} characters` : `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is invalid';
  }
}

const joinPath = (path: PropertyKey[]): string => path.map(String).join('.');

export function toFieldProblems(issues: Issue[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: joinPath([...issue.path, key]), message: 'is not a field you may set here' });
    } else {
      problems.push({ path: joinPath(issue.path), message: message(issue) });
    }
  }
  return problems;
}

export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.infer<S>;
  const problems = toFieldProblems(result.error.issues);
  throw new ValidationError(prefix ? problems.map((p) => ({ ...p, path: p.path ? `${prefix}.${p.path}` : prefix })) : problems);
}

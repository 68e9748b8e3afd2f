import { WeakPasswordError } from './errors.ts';

/** One policy, read by the domain (weak_password) and by the Cognito pool definitions (CDK and local). */
export const passwordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: false,
  maxLength: 256,
} as const;

export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < passwordPolicy.minLength)
    problems.push(`must be at least ${passwordPolicy.minLength} characters`);
  if (password.length > passwordPolicy.maxLength)
    problems.push(`must be at most ${passwordPolicy.maxLength} characters`);
  if (!/[a-z]/.test(password)) problems.push('must contain a lowercase letter');
  if (!/[A-Z]/.test(password)) problems.push('must contain an uppercase letter');
  if (!/[0-9]/.test(password)) problems.push('must contain a digit');
  // Cognito refuses leading or trailing whitespace; say so here rather than fail half-way through
  if (password !== password.trim()) problems.push('must not begin or end with whitespace');
  return problems;
}

/** Refuses a password the policy does not accept: 400 weak_password with every problem. */
export function assertStrongPassword(password: string): void {
  const problems = passwordProblems(password);
  if (problems.length) throw new WeakPasswordError(problems);
}

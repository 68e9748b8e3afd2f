/** The pure parts of `npm run load` (bench/load.ts): the request mix, the loopback rule, the checks after the run. */

export type LoadOperation = 'getUser' | 'listUsers' | 'getMe' | 'editUser' | 'invite';

/** The mix, in percent: 80% reads, 15% member edits, 5% invitations. */
export const MIX: Readonly<Record<LoadOperation, number>> = {
  getUser: 40,
  listUsers: 20,
  getMe: 20,
  editUser: 15,
  invite: 5,
};

/** The operation a uniform draw in [0, 1) stands for, following MIX. */
export function pickOperation(draw: number): LoadOperation {
  let at = draw * 100;
  for (const [operation, percent] of Object.entries(MIX) as [LoadOperation, number][]) {
    if (at < percent) return operation;
    at -= percent;
  }
  return 'invite';
}

/** The load generator only ever targets this machine: a loopback host, or it refuses. */
export function assertLoopback(url: string): URL {
  const parsed = new URL(url);
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error(`--url must be http(s), got ${parsed.protocol}`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (!loopback)
    throw new Error(`refusing to load ${parsed.host}: npm run load targets a local stack on loopback only`);
  return parsed;
}

/** An invitation the API answered `invited` for, and what listing the account's invitations gave back. */
export interface SentInvitation {
  accountId: string;
  invitationId: string;
  email: string;
}
export interface ListedInvitation {
  id: string;
  email: string;
  kind: string;
}

/**
 * Every invitation answered `invited` is listed exactly once, and the account lists no invitation (of kind
 * `invite`) that was not answered: no lost write, no duplicate. `listed` holds each account's listing.
 */
export function checkInvitations(sent: SentInvitation[], listed: Map<string, ListedInvitation[]>): string[] {
  const problems: string[] = [];
  for (const [accountId, items] of listed) {
    const mine = sent.filter((s) => s.accountId === accountId);
    const invites = items.filter((i) => i.kind === 'invite');
    const seen = new Map<string, number>();
    for (const item of invites) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
    for (const s of mine) {
      const times = seen.get(s.invitationId) ?? 0;
      if (times !== 1) problems.push(`account ${accountId}: invitation ${s.invitationId} listed ${times} times`);
    }
    const emails = new Map<string, number>();
    for (const item of invites) emails.set(item.email, (emails.get(item.email) ?? 0) + 1);
    for (const [email, times] of emails)
      if (times > 1) problems.push(`account ${accountId}: ${times} invitations of ${email}`);
    const sentIds = new Set(mine.map((s) => s.invitationId));
    const extra = invites.filter((i) => !sentIds.has(i.id));
    if (extra.length) problems.push(`account ${accountId}: ${extra.length} invitations listed that no answer gave`);
  }
  for (const accountId of new Set(sent.map((s) => s.accountId)))
    if (!listed.has(accountId)) problems.push(`account ${accountId}: invitations not listed`);
  return problems;
}

/** One member's edits as the load generator saw them. */
export interface EditLedger {
  /** The version the member had before the run. */
  startVersion: number;
  /** Edits answered 200. */
  succeeded: number;
  /** The value of the successful edit with the highest version, and that version. */
  last?: { version: number; firstName: string };
}

/**
 * Each successful edit moved the member's version by exactly one (a refused 412 moved nothing), and the member
 * holds the value of the last one: no lost update, no edit applied twice.
 */
export function checkEdits(
  ledger: Map<string, EditLedger>,
  actual: Map<string, { version: number; firstName: string }>,
): string[] {
  const problems: string[] = [];
  for (const [userId, edits] of ledger) {
    const now = actual.get(userId);
    if (!now) {
      problems.push(`member ${userId}: not read back`);
      continue;
    }
    const expected = edits.startVersion + edits.succeeded;
    if (now.version !== expected)
      problems.push(`member ${userId}: version ${now.version}, expected ${expected} (${edits.succeeded} edits)`);
    if (edits.last && now.firstName !== edits.last.firstName)
      problems.push(`member ${userId}: firstName ${now.firstName}, the last edit set ${edits.last.firstName}`);
  }
  return problems;
}

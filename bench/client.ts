/** A tiny HTTP client for the local stack (test/support/http.ts needs vitest's inject) and its mailbox. */
import type { StackInfo } from '../test/support/stack-info.ts';

export interface Reply<B = any> {
  status: number;
  body: B;
  /** DynamoDB round trips the request made, by SDK command name (`x-local-ddb-commands`). */
  ddb: string[];
  ms: number;
  /** The handler's own time (`x-local-own-ms`): its wall time less its waits on DynamoDB, Cognito and SES. */
  ownMs: number;
  /** The handler's wall time (`x-local-handler-ms`) and the union of its waits (`x-local-wait-ms`). */
  handlerMs: number;
  waitMs: number;
  /** The SDK commands' whole time (`x-local-sdk-ms`): the waits and the client's own work around them. */
  sdkMs: number;
}

export interface CallOptions {
  token?: string;
  operatorKey?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses that count as success; anything else throws (default: 2xx). */
  expect?: number[];
}

export type Call = <B = any>(method: string, path: string, options?: CallOptions) => Promise<Reply<B>>;

export function client(stack: StackInfo): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.operatorKey) headers['x-operator-key'] = options.operatorKey;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const started = performance.now();
    const response = await fetch(`${stack.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    const ms = performance.now() - started;
    const ok = options.expect
      ? options.expect.includes(response.status)
      : response.status >= 200 && response.status < 300;
    if (!ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    const commands = response.headers.get('x-local-ddb-commands');
    const calls = Number(response.headers.get('x-local-ddb-calls') ?? 0);
    const ddb = commands ? commands.split(',').map((c) => c.replace(/Command$/, '')) : [];
    if (ddb.length !== calls)
      throw new Error(`x-local-ddb-calls (${calls}) and x-local-ddb-commands (${commands}) disagree`);
    const json = /[/+]json\b/.test(response.headers.get('content-type') ?? '');
    const header = (name: string) => Number(response.headers.get(name) ?? Number.NaN);
    return {
      status: response.status,
      body: text && json ? JSON.parse(text) : text,
      ddb,
      ms,
      ownMs: header('x-local-own-ms'),
      handlerMs: header('x-local-handler-ms'),
      waitMs: header('x-local-wait-ms'),
      sdkMs: header('x-local-sdk-ms'),
    };
  };
}

interface Mail {
  destination: { to: string[]; cc: string[]; bcc: string[] };
  body: { text?: string; html?: string };
}

const addressOf = (recipient: string) => (/<([^>]+)>/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The token of the newest `${APP_URL}/accept-invitation?token=…` link mailed to `email`. */
export async function invitationToken(stack: StackInfo, email: string, waitMs = 5_000): Promise<string> {
  const link = new RegExp(`${escapeRegExp(stack.appUrl)}/accept-invitation\\?token=([^\\s"'<>&]+)`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const response = await fetch(`${stack.mailboxUrl}/store`);
    if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
    const { emails } = (await response.json()) as { emails: Mail[] };
    const mine = emails.filter(({ destination: d }) =>
      [...d.to, ...d.cc, ...d.bcc].some((r) => addressOf(r) === email.toLowerCase()),
    );
    for (const mail of mine.reverse()) {
      const found = link.exec(mail.body.text ?? '') ?? link.exec(mail.body.html ?? '');
      if (found) return decodeURIComponent(found[1]);
    }
    if (Date.now() >= deadline) throw new Error(`no accept-invitation link mailed to ${email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Empties the SES emulator's store, so thousands of bench mails do not slow the next lookup. */
export async function clearMailbox(stack: StackInfo): Promise<void> {
  const response = await fetch(`${stack.mailboxUrl}/clear-store`, { method: 'POST' });
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
}

const OWNER_PASSWORD = 'Correct-Horse-Battery-9';

/** A new account whose owner has accepted their setup link and signed in: its id and the owner's access token. */
export async function signedInOwner(stack: StackInfo, call: Call, label: string, name: string) {
  const email = `owner.${label}@example.com`;
  const created = await call('POST', '/v1/accounts', {
    operatorKey: stack.operatorKey,
    body: { name, owner: { email, firstName: 'Olive', lastName: 'Owner' } },
  });
  await call('POST', '/v1/invitations/accept', {
    body: { token: await invitationToken(stack, email), password: OWNER_PASSWORD },
  });
  const signedIn = await call<{ accessToken: string }>('POST', '/v1/auth/token', {
    body: { email, password: OWNER_PASSWORD },
  });
  return { accountId: created.body.account.id as string, token: signedIn.body.accessToken };
}

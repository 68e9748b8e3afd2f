/**
 * A fake Switchboard API on node:http speaking the import and export contract, for the CLI's tests: uploads
 * (202, or 200 for a file it has seen), an import that runs over a few reads, failed rows in pages, cancel, and an
 * export in pages joined by `Link: <…>; rel="next"`. Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ImportRow } from '../../../cli/render.ts';

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeOptions {
  token: string;
  /** Failed rows the import reports (served 2 per page, to exercise paging). */
  failedRows?: ImportRow[];
  /** Reads of the import before it completes (the first shows it queued, the middle ones running). */
  readsUntilDone?: number;
  /** An error answer for the upload, as the API would send it. */
  uploadProblem?: { status: number; body: Record<string, unknown> };
  /** Export pages, in order; each but the last links to the next. */
  exportPages?: string[];
  /** Upload of a file the fake already holds: 200 with that import. */
  seen?: boolean;
  /** Upload with an Idempotency-Key the fake already answered: its first answer (202) again, marked replayed. */
  replayed?: boolean;
}

const ID = '01JIMPORT0000000000000000AA';

export async function startFakeApi(options: FakeOptions) {
  const requests: Recorded[] = [];
  const failedRows = options.failedRows ?? [];
  const state = { total: 0, reads: 0, cancelled: false, dryRun: false, startedAt: '', finishedAt: '' };
  const readsUntilDone = options.readsUntilDone ?? 3;

  const view = () => {
    const done = state.reads >= readsUntilDone;
    const status = state.cancelled ? 'cancelled' : done ? 'completed' : state.reads <= 1 ? 'queued' : 'running';
    const processed = state.cancelled
      ? Math.floor(state.total / 2)
      : done
        ? state.total
        : Math.floor((state.total * (state.reads - 1)) / readsUntilDone);
    const failed = status === 'completed' ? failedRows.length : 0;
    return {
      id: ID,
      status,
      dryRun: state.dryRun,
      total: state.total,
      processed,
      created: status === 'completed' ? state.total - failed : processed,
      updated: 0,
      skipped: 0,
      failed,
      startedAt: status === 'queued' ? null : '2026-12-03T10:00:00.000Z',
      finishedAt: done || state.cancelled ? '2026-12-03T10:00:02.500Z' : null,
    };
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const problem = status >= 400;
    res.writeHead(status, {
      'content-type': problem ? 'application/problem+json' : 'application/json',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse) =>
    send(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found' });

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: Recorded = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(recorded);
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return send(res, 401, { title: 'Unauthenticated', status: 401, code: 'unauthenticated' });

    const imports = /^\/v1\/accounts\/([^/]+)\/imports$/.exec(url.pathname);
    const one = /^\/v1\/accounts\/([^/]+)\/imports\/([^/]+)(\/rows|\/cancel)?$/.exec(url.pathname);
    if (req.method === 'POST' && imports) {
      if (options.uploadProblem) return send(res, options.uploadProblem.status, options.uploadProblem.body);
      if (req.headers['content-type'] !== 'text/csv')
        return send(res, 415, { title: 'Unsupported Media Type', status: 415, code: 'unsupported_media_type' });
      state.total = recorded.body.toString('utf8').trim().split(/\r?\n/).length - 1;
      state.dryRun = url.searchParams.get('dryRun') === 'true';
      const location = `/v1/accounts/${imports[1]}/imports/${ID}`;
      if (options.seen) return send(res, 200, view(), { location });
      const replayed: Record<string, string> = options.replayed ? { 'idempotent-replayed': 'true' } : {};
      return send(
        res,
        202,
        // the real API's 202 body: the import as it was just queued (a replay answers it again, unchanged)
        {
          ...view(),
          status: 'queued',
          processed: 0,
          created: 0,
          updated: 0,
          skipped: 0,
          failed: 0,
          startedAt: null,
          finishedAt: null,
        },
        {
          location,
          ...replayed,
        },
      );
    }
    if (one && one[2] !== ID) return notFound(res);
    if (req.method === 'GET' && one && !one[3]) {
      state.reads += 1;
      return send(res, 200, view());
    }
    if (req.method === 'POST' && one?.[3] === '/cancel') {
      state.cancelled = true;
      return send(res, 202, view());
    }
    if (req.method === 'GET' && one?.[3] === '/rows') {
      if (url.searchParams.get('status') !== 'failed') return send(res, 400, { title: 'Bad Request', status: 400 });
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const items = failedRows.slice(start, start + 2);
      const nextCursor = start + 2 < failedRows.length ? String(start + 2) : null;
      return send(res, 200, { items, nextCursor });
    }
    const exported = /^\/v1\/accounts\/([^/]+)\/users\/export$/.exec(url.pathname);
    if (req.method === 'GET' && exported && options.exportPages) {
      const page = Number(url.searchParams.get('cursor') ?? 0);
      const headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8' };
      if (page + 1 < options.exportPages.length) headers.link = `<${url.pathname}?cursor=${page + 1}>; rel="next"`;
      res.writeHead(200, headers);
      return res.end(options.exportPages[page]);
    }
    return notFound(res);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    importId: ID,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

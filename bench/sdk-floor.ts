/**
 * What one DynamoDB call costs the calling process in CPU, by client: `npx tsx bench/sdk-floor.ts [--calls 3000]`.
 *
 * A child process serves a fixed GetItem answer (a member-sized item) over keep-alive HTTP, so nothing waits on a
 * database and the server's CPU is not counted; this process then makes the same GetItem, one call at a time, through:
 * - plain `node:http` (a fixed, unsigned request, the JSON answer parsed): what any client pays to the transport;
 * - the AWS SDK's DynamoDBClient, as it comes;
 * - the same with `cacheMiddleware: true`;
 * - lib-dynamodb's DynamoDBDocumentClient over a plain client (what the stores used before document.ts);
 * - document.ts's GetCommand over a client with `cacheMiddleware` (what the stores use now).
 * Each is measured in rounds, alternating, after a warm-up; CPU is `process.cpuUsage()` (user + system) per call,
 * median of the rounds. The SDK's share of a request's own time is its CPU here less the transport's.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand as LibGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, GetCommand } from '../shared/adapters/dynamodb/document.ts';
import { median } from './util.ts';

const { values } = parseArgs({
  options: { calls: { type: 'string' }, rounds: { type: 'string' }, serve: { type: 'boolean' } },
});

const ITEM = {
  PK: { S: 'ACCOUNT#01JBENCH0000000000000000' },
  SK: { S: 'USER#01JBENCH0000000000000001' },
  username: { S: 'ann.example' },
  email: { S: 'ann@example.com' },
  name: { S: 'Ann Example' },
  type: { S: 'person' },
  status: { S: 'active' },
  role: { S: 'member' },
  unitId: { S: '01JBENCH0000000000000002' },
  unitPath: { S: '/01JBENCH0000000000000002/' },
  version: { N: '3' },
  settings: { M: { language: { S: 'en' }, mfa: { BOOL: true } } },
  capabilities: { L: [{ S: 'fax' }, { S: 'sms' }] },
  createdAt: { S: '2026-01-01T00:00:00.000Z' },
  updatedAt: { S: '2026-02-01T00:00:00.000Z' },
};

if (values.serve) {
  const body = JSON.stringify({ Item: ITEM });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': 'bench',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as { port: number }).port));
} else {
  const calls = Number(values.calls ?? 3000);
  const rounds = Number(values.rounds ?? 5);
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { execArgv: process.execArgv });
  const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(p as number)));
  const endpoint = `http://127.0.0.1:${port}`;
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' });

  const key = { PK: 'ACCOUNT#01JBENCH0000000000000000', SK: 'USER#01JBENCH0000000000000001' };
  const agent = new http.Agent({ keepAlive: true });
  const rawBody = JSON.stringify({ TableName: 'bench', Key: { PK: { S: key.PK }, SK: { S: key.SK } } });
  const raw = () =>
    new Promise<unknown>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'DynamoDB_20120810.GetItem',
            'content-length': Buffer.byteLength(rawBody),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        },
      );
      req.on('error', reject);
      req.end(rawBody);
    });
  const plain = new DynamoDBClient({ endpoint, maxAttempts: 3 });
  const cached = new DynamoDBClient({ endpoint, maxAttempts: 3, cacheMiddleware: true });
  const lib = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, maxAttempts: 3 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const ours = documentClient(new DynamoDBClient({ endpoint, maxAttempts: 3, cacheMiddleware: true }));
  const rawKey = { PK: { S: key.PK }, SK: { S: key.SK } };
  const clients: [string, () => Promise<unknown>][] = [
    ['node:http, unsigned (transport)', raw],
    ['DynamoDBClient', () => plain.send(new GetItemCommand({ TableName: 'bench', Key: rawKey }))],
    ['DynamoDBClient, cacheMiddleware', () => cached.send(new GetItemCommand({ TableName: 'bench', Key: rawKey }))],
    ['lib-dynamodb DocumentClient', () => lib.send(new LibGetCommand({ TableName: 'bench', Key: key }))],
    ['document.ts, cacheMiddleware', () => ours.send(new GetCommand({ TableName: 'bench', Key: key }))],
  ];
  const cpu: number[][] = clients.map(() => []);
  for (const [, call] of clients) for (let i = 0; i < 500; i++) await call();
  for (let r = 0; r < rounds; r++) {
    for (const [i, [, call]] of clients.entries()) {
      const start = process.cpuUsage();
      for (let n = 0; n < calls; n++) await call();
      const used = process.cpuUsage(start);
      cpu[i].push((used.user + used.system) / 1000 / calls);
    }
  }
  child.kill();
  agent.destroy();
  const transport = median(cpu[0]);
  console.log(`| client | CPU per call ms | beyond the transport ms |`);
  console.log(`| ------ | --------------: | ----------------------: |`);
  for (const [i, [name]] of clients.entries()) {
    const ms = median(cpu[i]);
    console.log(`| ${name} | ${ms.toFixed(3)} | ${i === 0 ? '—' : (ms - transport).toFixed(3)} |`);
  }
  console.log(`\n${calls} calls × ${rounds} rounds each, medians; Node ${process.version}`);
}

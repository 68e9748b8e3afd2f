import { createServer, type Server, type Socket } from 'node:net';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesClientConfig } from '#adapters/ses/client.ts';

// an endpoint that takes the connection and never answers: what a hung SES looks like from the function
let server: Server;
let port = 0;
const sockets = new Set<Socket>();
beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** The deployed client's settings against the silent endpoint, with a shorter answer time so the test is quick. */
const clientWith = (throwOnRequestTimeout: boolean) =>
  new SESv2Client({
    ...sesClientConfig,
    requestHandler: { ...sesClientConfig.requestHandler, requestTimeout: 150, throwOnRequestTimeout },
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
const send = (client: SESv2Client) =>
  client.send(
    new SendEmailCommand({
      FromEmailAddress: 'noreply@example.com',
      Destination: { ToAddresses: ['someone@example.com'] },
      Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } },
    }),
  );
const settle = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(
      () => 'answered',
      (error: Error) => error.name,
    ),
    new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms)),
  ]);

describe('the SES client gives up on a hung call', () => {
  it('bounds every attempt and the whole call well inside the function timeout (10 s)', () => {
    const { connectionTimeout, requestTimeout, throwOnRequestTimeout } = sesClientConfig.requestHandler;
    expect(throwOnRequestTimeout).toBe(true);
    expect(sesClientConfig.maxAttempts * (connectionTimeout + requestTimeout)).toBeLessThanOrEqual(7_000);
  });

  it('fails with a timeout when the endpoint never answers', async () => {
    const client = clientWith(sesClientConfig.requestHandler.throwOnRequestTimeout);
    expect(await settle(send(client), 3_000)).toBe('TimeoutError');
    client.destroy();
  });

  it('control: without throwing on the request timeout the same call is still waiting', async () => {
    const client = clientWith(false);
    expect(await settle(send(client), 1_500)).toBe('still waiting');
    client.destroy();
  });
});

/**
 * Signatures as receivers check them: verified by the `standardwebhooks` package (the reference library), for one
 * secret and for a rotation's two; a tampered body, id or timestamp, or a wrong secret, refused.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, webhookHeaders } from '#domain/webhook-signature.ts';

const body = JSON.stringify({ type: 'user.deactivated', id: '01JF3Q0G7Y9X4M2V8N6B5C1D0E', data: { userId: 'u1' } });
const id = '01JF3Q0G7Y9X4M2V8N6B5C1D0E';
const now = () => Math.floor(Date.now() / 1000);

describe('the secret', () => {
  it('is whsec_ and the base64 of 32 random bytes, a new one each time', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

describe('signatures', () => {
  it('one secret: the reference library verifies the delivery; another secret does not', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], id, now(), body);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('two secrets (a rotation): either verifies alone; a third does not', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([current, previous], id, now(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('a tampered body, id or timestamp is refused (the untouched one verifies, the control)', () => {
    const secret = newWebhookSecret();
    const receiver = new Webhook(secret);
    const ts = now();
    const headers = webhookHeaders([secret], id, ts, body);
    expect(() => receiver.verify(body, headers)).not.toThrow();
    expect(() => receiver.verify(body.replace('u1', 'u2'), headers)).toThrow();
    expect(() => receiver.verify(`${body} `, headers)).toThrow();
    expect(() => receiver.verify(body, { ...headers, 'webhook-id': `${id}X` })).toThrow();
    expect(() => receiver.verify(body, { ...headers, 'webhook-timestamp': String(ts - 1) })).toThrow();
  });

  it('a timestamp more than five minutes off is refused even when signed', () => {
    const secret = newWebhookSecret();
    const old = webhookHeaders([secret], id, now() - 10 * 60, body);
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/timestamp/i);
  });

  it('is the HMAC-SHA256 of id.timestamp.body under the secret bytes (a fixed vector)', () => {
    // the example of the Standard Webhooks specification
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signed = signatureHeader([secret], 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signed).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('cannot sign with no secret', () => {
    expect(() => signatureHeader([], id, now(), body)).toThrow();
  });
});

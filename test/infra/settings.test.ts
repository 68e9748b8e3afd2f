import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { readSettings, settingDefaults } from '../../infra/settings.ts';

const required = { stage: 'prod', mailFrom: 'no-reply@example.com' };
const read = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe('deployer settings (CDK context)', () => {
  it('reads cdk.json and fills in the documented defaults', () => {
    expect(read(cdkJson.context)).toMatchObject({
      ...required,
      invitationTtlSeconds: 604_800,
      logRetentionDays: 30,
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      tracing: false,
      debugLogSampleRate: 0.01,
    });
    expect(settingDefaults).toEqual({
      invitationTtlSeconds: 604_800,
      logRetentionDays: RetentionDays.ONE_MONTH,
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      tracing: false,
      debugLogSampleRate: 0.01,
    });
  });

  it('leaves appUrl unset unless given (the stack then uses the API URL), and takes one without a trailing slash', () => {
    expect(read(cdkJson.context).appUrl).toBeUndefined();
    expect(read({ ...required, appUrl: '' }).appUrl).toBeUndefined();
    expect(read({ ...required, appUrl: 'https://app.example.com' }).appUrl).toBe('https://app.example.com');
  });

  it('takes -c overrides, which arrive as strings', () => {
    const settings = read({
      ...required,
      logRetentionDays: '90',
      throttleRateLimit: '200',
      throttleBurstLimit: '400',
      invitationTtlSeconds: '86400',
    });
    expect(settings).toMatchObject({
      logRetentionDays: 90,
      throttleRateLimit: 200,
      throttleBurstLimit: 400,
      invitationTtlSeconds: 86_400,
    });
  });

  it('reads tracing as a boolean from cdk.json or as true/false text from -c', () => {
    expect(read({ ...required, tracing: true }).tracing).toBe(true);
    expect(read({ ...required, tracing: 'true' }).tracing).toBe(true);
    expect(read({ ...required, tracing: 'false' }).tracing).toBe(false);
    expect(read({ ...required, tracing: false }).tracing).toBe(false);
  });

  it('reads debugLogSampleRate from 0 to 1, as a number or from -c as text', () => {
    expect(read({ ...required, debugLogSampleRate: 0 }).debugLogSampleRate).toBe(0);
    expect(read({ ...required, debugLogSampleRate: 1 }).debugLogSampleRate).toBe(1);
    expect(read({ ...required, debugLogSampleRate: '0.25' }).debugLogSampleRate).toBe(0.25);
  });

  it.each([
    [{ tracing: 'on' }, /"tracing" must be true or false, got "on"/],
    [{ tracing: 1 }, /"tracing" must be true or false/],
    [{ debugLogSampleRate: 1.5 }, /"debugLogSampleRate" must be a number from 0 to 1, got 1.5/],
    [{ debugLogSampleRate: -0.1 }, /"debugLogSampleRate" must be a number from 0 to 1/],
    [{ debugLogSampleRate: '1%' }, /"debugLogSampleRate" must be a number from 0 to 1/],
    [{ debugLogSampleRate: '0.1.2' }, /"debugLogSampleRate" must be a number from 0 to 1/],
    [{ stage: undefined }, /"stage" is required/],
    [{ stage: 'Prod_1' }, /"stage" must be/],
    [{ mailFrom: undefined }, /"mailFrom" is required/],
    [{ mailFrom: 'Switchboard <no-reply@example.com>' }, /"mailFrom" must be a bare email address/],
    [{ appUrl: 'app.example.com' }, /"appUrl" must be/],
    [{ appUrl: 42 }, /"appUrl" must be a string/],
    [{ appUrl: 'https://app.example.com/' }, /"appUrl" must be/],
    [{ logRetentionDays: 31 }, /"logRetentionDays" must be one of/],
    [{ throttleRateLimit: 'fast' }, /"throttleRateLimit" must be an integer/],
    [{ invitationTtlSeconds: 0 }, /"invitationTtlSeconds" must be an integer/],
  ])('rejects %o', (override, message) => {
    expect(() => read({ ...required, ...override })).toThrow(message);
  });
});

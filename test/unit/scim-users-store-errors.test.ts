/**
 * How the SCIM user store answers a transaction conflict that outlasts its retries: a retryable 503 with Retry-After,
 * its detail free of the AWS error's text (which goes to the log by name only).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ddb } from '#adapters/dynamodb/client.ts';
import { scimUserStore } from '#adapters/dynamodb/scim-user-store.ts';
import { ScimError, ScimRetryLaterError } from '#domain/scim/errors.ts';
import { userRecord } from '../builders/user-record.ts';
import { toScimError } from '#http/scim/error-response.ts';

process.env.TABLE_NAME ??= 'test-table';

const member = userRecord({ scimProfile: { userName: 'ada@acme.test' } });

/** A TransactWriteItems cancellation as the SDK throws it, with its AWS message. */
function cancelled(code: string): Error {
  const error = new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [X]');
  error.name = 'TransactionCanceledException';
  Object.assign(error, { CancellationReasons: [{ Code: code }] });
  return error;
}

afterEach(() => vi.restoreAllMocks());

const update = () =>
  scimUserStore.update({ ...member, firstName: 'Ada B.', version: 4 }, member, [], {}, undefined).then(
    () => null,
    (e: unknown) => e,
  );

describe('the SCIM user store under a lasting transaction conflict', () => {
  it('answers 503 with Retry-After and no AWS text; a failed condition is still the 409 it names (control)', async () => {
    const send = vi.spyOn(ddb, 'send').mockRejectedValue(cancelled('TransactionConflict') as never);
    const error = await update();
    expect(send).toHaveBeenCalledTimes(3);
    expect(error).toBeInstanceOf(ScimRetryLaterError);
    const answer = toScimError(error);
    expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    expect(answer.scimType).toBeUndefined();
    expect(answer.detail).not.toMatch(/Transaction|cancel|reasons/i);
    expect(answer.detail).toMatch(/try again/);

    // control: a failed version condition is not retried and is no 503
    send.mockReset().mockRejectedValue(cancelled('ConditionalCheckFailed') as never);
    const refused = await update();
    expect(send).toHaveBeenCalledTimes(1);
    expect(refused).not.toBeInstanceOf(ScimRetryLaterError);
    expect(toScimError(refused).status).not.toBe(503);
  });

  it('maps a plain SCIM error without a Retry-After (control for the header)', () => {
    expect(toScimError(new ScimError(409, 'uniqueness', 'taken')).headers).toEqual({});
  });
});

/** HTTP builders for numbers and members' phones: fresh numbers (valid, unique in the run) and extensions. */
import { randomInt } from 'node:crypto';
import { call } from '../support/http.ts';
import { expectStatus } from './api.ts';

/** A valid New York number nobody holds yet (7 random digits): numbers are unique in the whole deployment. */
export const freshE164 = (): string => `+1212${randomInt(2, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;

let nextExtension = randomInt(100_000, 800_000);
/** A 6-digit extension no other call of this test file uses. */
export const freshExtension = (): string => String(nextExtension++);

export type NumberBody = {
  id: string;
  e164: string;
  label: string | null;
  assignment: { userId: string; serviceId: string | null } | null;
  version: number;
};
export type DeviceBody = {
  id: string;
  userId: string;
  extension: string;
  model: string | null;
  macAddress: string | null;
  version: number;
};

/** POST numbers as `am` (an account manager); 201. */
export async function addNumber(
  am: { accountId: string; token: string },
  body: Record<string, unknown> = {},
): Promise<NumberBody> {
  const r = await call('POST', `/v1/accounts/${am.accountId}/numbers`, {
    token: am.token,
    body: { e164: freshE164(), ...body },
  });
  expectStatus(r, 201, 'POST numbers');
  return r.body as NumberBody;
}

/** PUT numbers/{n}/assignment as `am`; 200. */
export async function assign(am: { accountId: string; token: string }, numberId: string, userId: string) {
  const r = await call('PUT', `/v1/accounts/${am.accountId}/numbers/${numberId}/assignment`, {
    token: am.token,
    body: { userId },
  });
  expectStatus(r, 200, 'PUT assignment');
  return r.body as NumberBody;
}

/** POST users/{u}/devices as `am`; 201. */
export async function addDevice(
  am: { accountId: string; token: string },
  userId: string,
  body: Record<string, unknown> = {},
): Promise<DeviceBody> {
  const r = await call('POST', `/v1/accounts/${am.accountId}/users/${userId}/devices`, {
    token: am.token,
    body: { extension: freshExtension(), ...body },
  });
  expectStatus(r, 201, 'POST devices');
  return r.body as DeviceBody;
}

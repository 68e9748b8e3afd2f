/**
 * POST /v1/voicemail-pin: the holder of a voice service's mailed link sets its voicemail PIN. Like a password-reset
 * link: an unknown (or purged) token is 404, a used or expired one 410; the PIN is checked before the link is read.
 */
import { auditEvent } from '#domain/audit.ts';
import { NotFoundError, VoicemailPinLinkUsedError } from '#domain/errors.ts';
import type { Service } from '#domain/service.ts';
import { hashToken } from '#domain/tokens.ts';
import { assertPinLinkUsable, assertStrongPin, hashPin } from '#domain/voicemail-pin.ts';
import type { ServiceStore } from '#ports/services.ts';
import type { Deps, UserReads } from './deps.ts';

export async function setVoicemailPin(
  deps: Pick<Deps, 'clock' | 'ids'> & { users: UserReads } & { services: ServiceStore },
  input: { token: string; pin: string },
): Promise<void> {
  assertStrongPin(input.pin);
  const now = deps.clock.now();
  const link = await deps.services.findPinLink(hashToken(input.token));
  if (!link || now.getTime() >= Date.parse(link.purgeAt)) throw new NotFoundError('This link is not valid');
  const [service, user] = await Promise.all([
    deps.services.get(link.accountId, link.userId, 'voice'),
    deps.users.get(link.accountId, link.userId),
  ]);
  const current = assertPinLinkUsable(link, service, now);
  if (!user || user.status === 'closed') throw new VoicemailPinLinkUsedError('This member has left the account');
  const at = now.toISOString();
  const next: Service = {
    ...current,
    pinHash: hashPin(input.pin),
    pinSetAt: at,
    pinLinkHash: null,
    updatedAt: at,
    version: current.version + 1,
  };
  const event = auditEvent(deps.ids, {
    accountId: link.accountId,
    type: 'service.voicemail_pin_set',
    at,
    actor: { kind: 'user', userId: link.userId },
    target: { userId: link.userId },
    unitPath: user.unitPath,
    details: { type: 'voice', replaced: current.pinHash !== null },
  });
  await deps.services.setPin({ link, service: next, expectedVersion: current.version, event });
}

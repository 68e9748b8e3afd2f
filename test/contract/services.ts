/** Contract of a member's services and the voicemail PIN links (ServiceStore). */
import { describe, expect, it } from 'vitest';
import type { Service, ServiceType } from '#domain/service.ts';
import { newVoicemailPinLink } from '#domain/voicemail-pin.ts';
import { auditEvent, quotaOfT0, seedAccount, seedMember, T0, uid } from './fixtures.ts';
import { freshPorts, type MakePorts } from './ports.ts';

const serviceOf = (accountId: string, userId: string, type: ServiceType, over: Partial<Service> = {}): Service => ({
  accountId,
  userId,
  type,
  status: 'active',
  settings: {},
  pinHash: null,
  pinSetAt: null,
  pinLinkHash: null,
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  closedAt: null,
  version: 1,
  ...over,
});

export function defineServiceContract(make: MakePorts) {
  describe('ServiceStore', () => {
    const p = freshPorts(make);

    it("lists a member's services in type order, only theirs; one per type; a closed one is re-opened at its version", async () => {
      const accountId = uid('acct');
      const [max, olga] = [uid('user'), uid('user')];
      for (const type of ['voice', 'fax'] as const)
        await p.services.create({
          service: serviceOf(accountId, max, type),
          replacing: null,
          event: auditEvent(accountId),
        });
      await p.services.create({
        service: serviceOf(accountId, olga, 'sms'),
        replacing: null,
        event: auditEvent(accountId),
      });
      expect((await p.services.listOf(accountId, max)).map((s) => s.type)).toEqual(['fax', 'voice']);
      expect(await p.services.get(accountId, max, 'fax')).toEqual(serviceOf(accountId, max, 'fax'));
      expect(await p.services.get(accountId, max, 'sms')).toBeNull();

      const again = serviceOf(accountId, max, 'fax', { settings: { coverPage: true } });
      await expect(
        p.services.create({ service: again, replacing: null, event: auditEvent(accountId) }),
      ).rejects.toMatchObject({
        code: 'service_exists',
      });
      // an active one is not re-opened either
      await expect(
        p.services.create({ service: again, replacing: 1, event: auditEvent(accountId) }),
      ).rejects.toMatchObject({
        code: 'service_exists',
      });
      const closed = serviceOf(accountId, max, 'fax', { status: 'closed', version: 2 });
      await p.services.update({ service: closed, expectedVersion: 1, event: auditEvent(accountId) });
      await expect(
        p.services.update({ service: { ...closed, version: 3 }, expectedVersion: 1, event: auditEvent(accountId) }),
      ).rejects.toMatchObject({ code: 'precondition_failed' });
      await expect(
        p.services.create({ service: { ...again, version: 2 }, replacing: 1, event: auditEvent(accountId) }),
      ).rejects.toMatchObject({ code: 'service_exists' });
      await p.services.create({ service: { ...again, version: 3 }, replacing: 2, event: auditEvent(accountId) });
      expect(await p.services.get(accountId, max, 'fax')).toMatchObject({ status: 'active', version: 3 });
    });

    it('refuses a service to a member closed before the write, changing nothing', async () => {
      const s = await seedAccount(p);
      const { user } = await seedMember(p, s);
      await p.users.update({ ...user, status: 'closed', version: user.version + 1 }, user.version, []);
      await expect(
        p.services.create({
          service: serviceOf(s.account.id, user.id, 'fax'),
          replacing: null,
          event: auditEvent(s.account.id),
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect(await p.services.listOf(s.account.id, user.id)).toEqual([]);
    });

    it('takes the welcome mail a place of the day: past the quota nothing is written', async () => {
      const accountId = uid('acct');
      const quota = { ...quotaOfT0(), limit: 1 };
      const first = serviceOf(accountId, uid('user'), 'fax');
      await p.services.create({ service: first, replacing: null, event: auditEvent(accountId), mail: { quota } });
      const second = serviceOf(accountId, uid('user'), 'voice');
      const { link } = newVoicemailPinLink(second, T0, 3600);
      await expect(
        p.services.create({
          service: second,
          replacing: null,
          event: auditEvent(accountId),
          mail: { quota, pinLink: link },
        }),
      ).rejects.toMatchObject({ code: 'rate_limited' });
      expect(await p.services.get(accountId, second.userId, 'voice')).toBeNull();
      expect(await p.services.findPinLink(link.tokenHash)).toBeNull();
    });

    it('sets the PIN once per link, only while the link is the service current one', async () => {
      const accountId = uid('acct');
      const userId = uid('user');
      const base = serviceOf(accountId, userId, 'voice');
      const { link } = newVoicemailPinLink(base, T0, 3600);
      const service = { ...base, pinLinkHash: link.tokenHash };
      await p.services.create({
        service,
        replacing: null,
        event: auditEvent(accountId),
        mail: { quota: quotaOfT0(), pinLink: link },
      });
      expect(await p.services.findPinLink(link.tokenHash)).toEqual(link);
      const next = { ...service, pinHash: 'scrypt$x', pinLinkHash: null, version: 2 };
      await p.services.setPin({ link, service: next, expectedVersion: 1, event: auditEvent(accountId) });
      expect(await p.services.findPinLink(link.tokenHash)).toMatchObject({ status: 'used' });
      expect(await p.services.get(accountId, userId, 'voice')).toMatchObject({ pinHash: 'scrypt$x', version: 2 });
      await expect(
        p.services.setPin({ link, service: { ...next, version: 3 }, expectedVersion: 2, event: auditEvent(accountId) }),
      ).rejects.toMatchObject({ code: 'voicemail_pin_link_used' });
      // a pending link that is not the service's current one sets nothing
      const { link: stray } = newVoicemailPinLink(base, T0, 3600);
      await p.services.update({
        service: { ...next, version: 3 },
        expectedVersion: 2,
        event: auditEvent(accountId),
        mail: { quota: quotaOfT0(), pinLink: stray },
      });
      await expect(
        p.services.setPin({
          link: stray,
          service: { ...next, version: 4 },
          expectedVersion: 3,
          event: auditEvent(accountId),
        }),
      ).rejects.toMatchObject({ code: 'voicemail_pin_link_used' });
      expect(await p.services.findPinLink(stray.tokenHash)).toMatchObject({ status: 'pending' });
    });
  });
}

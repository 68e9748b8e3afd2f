/** Contract of the directory listing the export reads (MemberDirectoryStore): members with their items, resumable. */
import { describe, expect, it } from 'vitest';
import type { Device } from '#domain/device.ts';
import type { Group } from '#domain/group.ts';
import type { ServiceType } from '#domain/service.ts';
import type { User } from '#domain/user.ts';
import type { DirectoryEntry } from '#ports/member-directory.ts';
import { auditEvent, seedAccount, seedMember, T0, uid } from './fixtures.ts';
import { freshPorts, type MakePorts, type StorePorts } from './ports.ts';

const now = T0.toISOString();

async function listed(p: StorePorts, accountId: string, cursor?: string): Promise<DirectoryEntry[]> {
  const out: DirectoryEntry[] = [];
  for await (const entry of p.directory.members(accountId, cursor)) out.push(entry);
  return out;
}

/** What an entry says of its member: id, service types, extensions, group ids. */
const summary = (e: DirectoryEntry) => ({
  id: e.user.id,
  services: e.services.map((s) => s.type).sort(),
  extensions: e.devices.map((d) => d.extension).sort(),
  groupIds: [...e.groupIds].sort(),
});

export function defineMemberDirectoryContract(make: MakePorts) {
  describe('MemberDirectoryStore', () => {
    const p = freshPorts(make);

    const service = (u: User, type: ServiceType) =>
      p.services.create({
        service: {
          ...{ accountId: u.accountId, userId: u.id, type, status: 'active', settings: {} },
          ...{ pinHash: null, pinSetAt: null, pinLinkHash: null, createdAt: now, updatedAt: now, closedAt: null },
          version: 1,
        },
        replacing: null,
        event: auditEvent(u.accountId),
      });
    const phone = (u: User, extension: string) => {
      const device: Device = {
        ...{ id: uid('dev'), accountId: u.accountId, userId: u.id, extension, model: null, macAddress: null },
        ...{ createdAt: now, updatedAt: now, version: 1 },
      };
      return p.devices.create(device, auditEvent(u.accountId));
    };
    const group = async (accountId: string, members: User[]) => {
      const g: Group = {
        ...{ id: uid('g'), accountId, name: `Group ${uid('')}`, description: null, memberCount: 0 },
        ...{ sharedItemCount: 0, createdAt: now, updatedAt: now, version: 1 },
      };
      await p.groups.create(g, auditEvent(accountId));
      for (const m of members)
        await p.groups.addMember(
          { accountId, groupId: g.id, userId: m.id, username: m.username, addedAt: now },
          auditEvent(accountId),
        );
      return g.id;
    };

    it("lists every member with their own services, phones and groups, and resumes after a member; another account's cursor is refused", async () => {
      const s = await seedAccount(p);
      const a = s.account.id;
      const [ana, bo, cy] = [
        (await seedMember(p, s)).user,
        (await seedMember(p, s)).user,
        (await seedMember(p, s)).user,
      ];
      await service(ana, 'fax');
      await service(ana, 'voice');
      await service(cy, 'sms');
      await phone(ana, String(Date.now() % 100_000).padStart(5, '1'));
      await phone(bo, String((Date.now() + 7) % 100_000).padStart(5, '2'));
      const g = await group(a, [ana, cy]);
      const other = await seedAccount(p);
      await service((await seedMember(p, other)).user, 'fax');

      const all = await listed(p, a);
      expect(all.map((e) => e.user.id)).toEqual([s.owner.id, ana.id, bo.id, cy.id]);
      expect(all.map(summary)).toEqual([
        { id: s.owner.id, services: [], extensions: [], groupIds: [] },
        { id: ana.id, services: ['fax', 'voice'], extensions: [expect.any(String)], groupIds: [g] },
        { id: bo.id, services: [], extensions: [expect.any(String)], groupIds: [] },
        { id: cy.id, services: ['sms'], extensions: [], groupIds: [g] },
      ]);
      expect(all[1].user).toMatchObject({ username: ana.username, email: ana.email, unitId: ana.unitId });

      // after bo: cy alone, with all of cy's items
      const rest = await listed(p, a, p.directory.cursorAfter(a, all[2]));
      expect(rest.map(summary)).toEqual([{ id: cy.id, services: ['sms'], extensions: [], groupIds: [g] }]);
      // after the last member: nothing
      expect(await listed(p, a, p.directory.cursorAfter(a, all[3]))).toEqual([]);
      await expect(listed(p, other.account.id, p.directory.cursorAfter(a, all[0]))).rejects.toMatchObject({
        status: 400,
      });
    });
  });
}

/** In memory: a member's services and the voicemail PIN links, with the DynamoDB adapter's conditions (service-store.ts). */
import {
  ConflictError,
  PreconditionFailedError,
  RateLimitedError,
  ServiceExistsError,
  VoicemailPinLinkUsedError,
} from '#domain/errors.ts';
import { closedService, type Service } from '#domain/service.ts';
import type { VoicemailPinLink } from '#domain/voicemail-pin.ts';
import type { ServiceStore, WelcomeMailWrite } from '#ports/services.ts';
import type { MemoryDirectory } from './memory.ts';

const order = ['fax', 'sms', 'voice'];

export class MemoryServices {
  services = new Map<string, Service>();
  links = new Map<string, VoicemailPinLink>();
  constructor(private readonly dir: MemoryDirectory) {
    // closing a member closes their services (the close hook's SERVICE detacher)
    dir.detachers.push((user, at, event) => {
      let n = 0;
      for (const [key, service] of this.services) {
        if (service.accountId !== user.accountId || service.userId !== user.id || service.status === 'closed') continue;
        this.services.set(key, closedService(service, at));
        this.dir.events.push(event('service.closed', { type: service.type }));
        n += 1;
      }
      return n;
    });
  }

  private key = (accountId: string, userId: string, type: string) => `${accountId}/${userId}/${type}`;

  /** The quota place and the link are checked before anything is written (all or nothing, like the transaction). */
  private mailWrite(accountId: string, mail: WelcomeMailWrite | undefined): () => void {
    if (!mail) return () => {};
    const counted = `${accountId}/${mail.quota.day}`;
    const used = this.dir.invitationWorkflow.quota.get(counted) ?? 0;
    if (used + 1 > mail.quota.limit) throw new RateLimitedError(60);
    return () => {
      this.dir.invitationWorkflow.quota.set(counted, used + 1);
      if (mail.pinLink) this.links.set(mail.pinLink.tokenHash, structuredClone(mail.pinLink));
    };
  }

  store: ServiceStore = {
    listOf: async (accountId, userId) =>
      [...this.services.values()]
        .filter((s) => s.accountId === accountId && s.userId === userId)
        .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))
        .map((s) => structuredClone(s)),
    get: async (accountId, userId, type) => {
      const s = this.services.get(this.key(accountId, userId, type));
      return s ? structuredClone(s) : null;
    },
    create: async ({ service, replacing, event, mail }) => {
      const key = this.key(service.accountId, service.userId, service.type);
      const there = this.services.get(key);
      const free = replacing === null ? !there : there?.status === 'closed' && there.version === replacing;
      if (!free) throw new ServiceExistsError();
      // as the adapter's check of the member in the transaction: a member closed meanwhile gets no service
      if (this.dir.users.get(`${service.accountId}/${service.userId}`)?.status === 'closed')
        throw new ConflictError('A closed member cannot get a service');
      const commitMail = this.mailWrite(service.accountId, mail);
      this.services.set(key, structuredClone(service));
      commitMail();
      this.dir.events.push(event);
    },
    update: async ({ service, expectedVersion, event, mail }) => {
      const key = this.key(service.accountId, service.userId, service.type);
      if (this.services.get(key)?.version !== expectedVersion) throw new PreconditionFailedError();
      const commitMail = this.mailWrite(service.accountId, mail);
      this.services.set(key, structuredClone(service));
      commitMail();
      this.dir.events.push(event);
    },
    findPinLink: async (tokenHash) => {
      const link = this.links.get(tokenHash);
      return link ? structuredClone(link) : null;
    },
    setPin: async ({ link, service, expectedVersion, event }) => {
      const stored = this.links.get(link.tokenHash);
      const key = this.key(service.accountId, service.userId, service.type);
      const current = this.services.get(key);
      if (
        stored?.status !== 'pending' ||
        current?.status !== 'active' ||
        current.version !== expectedVersion ||
        current.pinLinkHash !== link.tokenHash
      )
        throw new VoicemailPinLinkUsedError();
      this.links.set(link.tokenHash, { ...stored, status: 'used' });
      this.services.set(key, structuredClone(service));
      this.dir.events.push(event);
    },
  };
}

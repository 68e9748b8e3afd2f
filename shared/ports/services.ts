import type { AuditEvent } from '#domain/audit.ts';
import type { Service, ServiceType } from '#domain/service.ts';
import type { VoicemailPinLink } from '#domain/voicemail-pin.ts';
import type { DailyMailQuota } from './invitations.ts';

/** A welcome mail's bookkeeping in the write: its place of the day's mail quota, and a voice service's PIN link. */
export interface WelcomeMailWrite {
  quota: DailyMailQuota;
  pinLink?: VoicemailPinLink;
}

/** A member's services, in the member's item collection; the voicemail PIN links by their token's hash. */
export interface ServiceStore {
  /** Every service of the member (closed ones too), in type order: one consistent Query. */
  listOf(accountId: string, userId: string): Promise<Service[]>;
  get(accountId: string, userId: string, type: ServiceType): Promise<Service | null>;
  /**
   * A new service, or a closed one re-opened (`replacing`: the closed service's version as read). Conditional on the
   * type's item being absent (or still that closed version): ServiceExistsError otherwise. With the event, and the
   * welcome mail's quota place and PIN link (RateLimitedError past the quota), in one transaction.
   */
  create(input: {
    service: Service;
    replacing: number | null;
    event: AuditEvent;
    mail?: WelcomeMailWrite;
  }): Promise<void>;
  /** A change (settings, closing, a new PIN link), conditional on `expectedVersion`: PreconditionFailedError. */
  update(input: {
    service: Service;
    expectedVersion: number;
    event: AuditEvent;
    mail?: WelcomeMailWrite;
  }): Promise<void>;
  findPinLink(tokenHash: string): Promise<VoicemailPinLink | null>;
  /**
   * Sets the PIN with the link: the link pending → used and the service (still active, still that link's, at
   * `expectedVersion`) written, with the event, in one transaction; VoicemailPinLinkUsedError when either moved.
   */
  setPin(input: {
    link: VoicemailPinLink;
    service: Service;
    expectedVersion: number;
    event: AuditEvent;
  }): Promise<void>;
}

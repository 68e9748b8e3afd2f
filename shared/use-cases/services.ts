/**
 * A member's services (fax, SMS, voice). Those who may manage the member create, change and close them; the member
 * and everyone who may read the member read them. A member's services with their effective settings cost the
 * authorization read (which brings the member along) and then, in parallel, one BatchGetItem (the settings layers of
 * the member's unit path) and one Query (the member's services): two round trips in all.
 */
import type { Account } from '#domain/account.ts';
import { assertMayManage, assertMayRead, effectivePermissions } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { assertIfMatch, ConflictError, NotAPersonError, NotFoundError, ServiceExistsError } from '#domain/errors.ts';
import { DAILY_INVITATION_LIMIT, quotaDay } from '#domain/invitation-rules.ts';
import {
  assertFieldsOfType,
  assertModuleGranted,
  closedService,
  effectiveServiceSettings,
  fieldsOf,
  hasOwnMailbox,
  isServiceType,
  newService,
  patchServiceSettings,
  type Service,
  type ServiceOverrides,
  type ServiceSettingsPatch,
  type ServiceType,
} from '#domain/service.ts';
import { serviceWelcomeMail } from '#domain/service-mail.ts';
import type { EffectiveSettings, Module } from '#domain/settings.ts';
import type { User } from '#domain/user.ts';
import { newVoicemailPinLink, voicemailPinLink } from '#domain/voicemail-pin.ts';
import { auditEvent } from '#domain/audit.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import type { ServiceStore, WelcomeMailWrite } from '#ports/services.ts';
import { assertMayManageTheirDelegations, type AccessDeps } from './access.ts';
import type { AccountReads, Deps, UserReads } from './deps.ts';
import { mailContext } from './mail-context.ts';
import { retryWithoutIfMatch } from './retries.ts';
import { memberSettings, memberWithFacts } from './users.ts';

export interface ServiceDeps extends AccessDeps {
  users: UserReads;
  accounts: AccountReads;
  services: ServiceStore;
}
type WriteDeps = ServiceDeps & Pick<Deps, 'clock' | 'ids'>;
/** Creating and updating: the store's writes alone (`serviceWrites`). */
type MailDeps = Omit<WriteDeps, 'services'> & { services: Pick<ServiceStore, 'get' | 'create' | 'update'> } & Pick<
    Deps,
    'mailer' | 'settings' | 'translators'
  >;

/** A service as answered: its own overrides and each setting's effective value with its source. */
export interface ServiceView {
  service: Service;
  effectiveSettings: ReturnType<typeof effectiveServiceSettings>;
}

interface MemberContext {
  user: User;
  account: Account;
  effective: EffectiveSettings;
  modules: Module[];
}

/**
 * The member (read, or managed: `manage`), their effective settings and modules. Reads may take the member the
 * authorization read brought along; writes read afresh. A member behind a unit move costs one read more.
 */
async function memberContext(
  deps: Omit<ServiceDeps, 'services'>,
  caller: MemberCaller,
  userId: string,
  manage: boolean,
): Promise<MemberContext> {
  const { user, facts } = await memberWithFacts(deps, caller, userId, { settings: true, prefetched: !manage });
  if (manage) {
    assertMayManage(caller, user, facts);
    await assertMayManageTheirDelegations(deps, caller, user);
  } else assertMayRead(caller, user, facts);
  const { account, effective } = await memberSettings(deps, caller, user, facts);
  const { modules } = effectivePermissions(user, effective.allowedModules.value, effective.mfaRequired.value);
  return { user, account, effective, modules };
}

const viewOf = (service: Service, effective: EffectiveSettings): ServiceView => ({
  service,
  effectiveSettings: effectiveServiceSettings(service.type, effective, service.settings),
});

/** A path's service id is its type; anything else names no service (404). */
function typeOf(serviceId: string): ServiceType {
  if (!isServiceType(serviceId)) throw new NotFoundError('No such service');
  return serviceId;
}

const defined = <T extends Record<string, unknown>>(o: T | undefined) =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));

const serviceEvent = (
  deps: Pick<Deps, 'ids'>,
  caller: MemberCaller,
  user: User,
  type: string,
  at: string,
  details: Record<string, unknown>,
) =>
  auditEvent(deps.ids, {
    accountId: user.accountId,
    type,
    at,
    actor: actorOf(caller),
    target: { userId: user.id },
    unitPath: user.unitPath,
    details,
  });

/** What a welcome mail writes with the service: a place of the day's mail quota, and a voice service's PIN link. */
function welcomeWrite(
  deps: Pick<Deps, 'settings'>,
  service: Pick<Service, 'accountId' | 'userId' | 'type'>,
  now: Date,
): { write: WelcomeMailWrite; token: string | null } {
  const day = quotaDay(now);
  const quota = { day: day.day, limit: DAILY_INVITATION_LIMIT, endsAt: day.endsAt };
  if (service.type !== 'voice') return { write: { quota }, token: null };
  const { link, token } = newVoicemailPinLink(service, now, deps.settings.invitationTtlSeconds);
  return { write: { quota, pinLink: link }, token };
}

/** Sent after the commit: a refused mail does not undo the service (it is logged; PATCH welcomeEmail sends again). */
async function sendWelcome(
  deps: Pick<Deps, 'mailer' | 'settings' | 'translators'>,
  account: Account,
  user: User,
  service: Service,
  mail: { write: WelcomeMailWrite; token: string | null },
): Promise<void> {
  const pin = mail.write.pinLink;
  const message = serviceWelcomeMail(mailContext(deps, account, user), {
    to: user.email,
    firstName: user.firstName,
    accountName: account.name,
    type: service.type,
    ...(pin && mail.token
      ? { pinLink: { link: voicemailPinLink(deps.settings.appUrl, mail.token), expiresAt: pin.expiresAt } }
      : {}),
  });
  await deps.mailer.send(message).catch((error: Error) => {
    countMetric('mailsRefused');
    logger.warn('service welcome mail refused', { accountId: account.id, type: service.type, error: error.name });
  });
}

function assertMayMail(user: User): void {
  if (!hasOwnMailbox(user))
    throw new NotAPersonError('Only a person has a mailbox of their own: a welcome mail cannot be sent to this member');
}

export interface NewServiceInput {
  type: ServiceType;
  settings?: Partial<ServiceOverrides>;
  welcomeEmail?: boolean;
}

/**
 * POST …/users/{userId}/services. One service of each type per member: the type's item is the uniqueness, written
 * conditionally (409 service_exists). A closed service of the type is re-opened: fresh settings, no PIN, its version
 * going on from the closed one's.
 */
export async function createService(
  deps: MailDeps,
  caller: MemberCaller,
  userId: string,
  input: NewServiceInput,
): Promise<ServiceView> {
  const { user, account, effective, modules } = await memberContext(deps, caller, userId, true);
  if (user.status === 'closed') throw new ConflictError('A closed member cannot get a service');
  assertModuleGranted(input.type, modules);
  const settings = defined(input.settings) as ServiceOverrides;
  assertFieldsOfType(input.type, fieldsOf(input.type, effective), Object.keys(settings));
  if (input.welcomeEmail) assertMayMail(user);
  const existing = await deps.services.get(user.accountId, user.id, input.type);
  if (existing?.status === 'active') throw new ServiceExistsError(`This member already has a ${input.type} service`);

  const now = deps.clock.now();
  const at = now.toISOString();
  const mail = input.welcomeEmail ? welcomeWrite(deps, { ...user, userId: user.id, type: input.type }, now) : null;
  const service = newService({
    accountId: user.accountId,
    userId: user.id,
    type: input.type,
    settings,
    pinLinkHash: mail?.write.pinLink?.tokenHash ?? null,
    at,
    version: (existing?.version ?? 0) + 1,
  });
  const event = serviceEvent(deps, caller, user, 'service.created', at, {
    type: input.type,
    settings: Object.keys(settings).sort(),
    reopened: existing !== null,
    welcomeEmail: mail !== null,
  });
  await deps.services.create({
    service,
    replacing: existing?.version ?? null,
    event,
    ...(mail ? { mail: mail.write } : {}),
  });
  if (mail) await sendWelcome(deps, account, user, service, mail);
  return viewOf(service, effective);
}

/** GET …/users/{userId}/services: every service of the member, closed ones too (by status), in type order. */
export async function listServices(deps: ServiceDeps, caller: MemberCaller, userId: string): Promise<ServiceView[]> {
  const accountId = caller.membership.accountId;
  // the Query runs beside the settings read; its answer is dropped if the caller may not read the member
  const [context, services] = await Promise.all([
    memberContext(deps, caller, userId, false),
    deps.services.listOf(accountId, userId),
  ]);
  return services.map((s) => viewOf(s, context.effective));
}

export async function getService(
  deps: ServiceDeps,
  caller: MemberCaller,
  userId: string,
  serviceId: string,
): Promise<ServiceView> {
  const type = typeOf(serviceId);
  const [context, service] = await Promise.all([
    memberContext(deps, caller, userId, false),
    deps.services.get(caller.membership.accountId, userId, type),
  ]);
  if (!service) throw new NotFoundError('No such service');
  return viewOf(service, context.effective);
}

export interface ServicePatch {
  settings?: ServiceSettingsPatch;
  welcomeEmail?: boolean;
}

/**
 * PATCH …/services/{serviceId}: settings (a value overrides, null inherits again) and, with `welcomeEmail: true`, the
 * welcome mail again (for a voice service with a new PIN link, which retires the previous one). A closed service is
 * 409: POST re-opens it.
 */
export async function updateService(
  deps: MailDeps,
  caller: MemberCaller,
  userId: string,
  serviceId: string,
  patch: ServicePatch,
  ifMatch?: number,
): Promise<ServiceView> {
  const type = typeOf(serviceId);
  return retryWithoutIfMatch(ifMatch, async () => {
    const { user, account, effective, modules } = await memberContext(deps, caller, userId, true);
    const current = await deps.services.get(user.accountId, user.id, type);
    if (!current) throw new NotFoundError('No such service');
    assertIfMatch(ifMatch, current.version);
    if (current.status === 'closed') throw new ConflictError('This service is closed; create it again to re-open it');
    assertModuleGranted(type, modules);
    const settingsPatch = defined(patch.settings) as ServiceSettingsPatch;
    assertFieldsOfType(type, fieldsOf(type, effective), Object.keys(settingsPatch));
    if (patch.welcomeEmail) assertMayMail(user);
    const now = deps.clock.now();
    const at = now.toISOString();
    const { next, changed } = patchServiceSettings(current.settings, settingsPatch);
    const mail = patch.welcomeEmail ? welcomeWrite(deps, current, now) : null;
    const service: Service = {
      ...current,
      settings: next,
      pinLinkHash: mail?.write.pinLink?.tokenHash ?? current.pinLinkHash,
      updatedAt: at,
      version: current.version + 1,
    };
    const event = serviceEvent(deps, caller, user, 'service.updated', at, {
      type,
      changed,
      welcomeEmail: mail !== null,
    });
    await deps.services.update({
      service,
      expectedVersion: current.version,
      event,
      ...(mail ? { mail: mail.write } : {}),
    });
    if (mail) await sendWelcome(deps, account, user, service, mail);
    return viewOf(service, effective);
  });
}

/**
 * DELETE …/services/{serviceId} closes the service: it stays listed with status "closed"; its PIN and any pending PIN
 * link are dropped. Closing a closed service changes nothing.
 */
export async function closeService(
  deps: WriteDeps,
  caller: MemberCaller,
  userId: string,
  serviceId: string,
  ifMatch?: number,
): Promise<void> {
  const type = typeOf(serviceId);
  await retryWithoutIfMatch(ifMatch, async () => {
    const { user } = await memberContext(deps, caller, userId, true);
    const current = await deps.services.get(user.accountId, user.id, type);
    if (!current) throw new NotFoundError('No such service');
    assertIfMatch(ifMatch, current.version);
    if (current.status === 'closed') return;
    const at = deps.clock.now().toISOString();
    const service = closedService(current, at);
    const event = serviceEvent(deps, caller, user, 'service.closed', at, { type });
    await deps.services.update({ service, expectedVersion: current.version, event });
  });
}

/**
 * A member's services (fax, SMS, voice): at most one of each type per member, its id the type itself. A service's
 * settings are its type's settings object of the settings chain (account → units → member, settings.ts) with one
 * level more, the service's own overrides; the voice service adds `extension`, which only a service has. A closed
 * service stays readable; creating its type again re-opens it with fresh settings (and no voicemail PIN).
 */
import { ModuleNotGrantedError, ValidationError } from './errors.ts';
import type { EffectiveSettings, Module, SettingSource, Sourced } from './settings.ts';
import type { User } from './user.ts';

export const serviceTypes = ['fax', 'sms', 'voice'] as const;
export type ServiceType = (typeof serviceTypes)[number];
export const isServiceType = (s: string): s is ServiceType => (serviceTypes as readonly string[]).includes(s);

/** The module a member must hold (in their effective permissions) to have a service of each type. */
export const moduleOfService: Record<ServiceType, Module> = { fax: 'fax', sms: 'messaging', voice: 'voice' };

/** Where each type's defaults live in the settings chain. */
export const chainKeyOf = {
  fax: 'faxSettings',
  sms: 'smsSettings',
  voice: 'voiceSettings',
} as const satisfies Record<ServiceType, keyof EffectiveSettings>;

/** Settings only a service has (no level above it sets them), with their value when the service sets none. */
export const serviceOnlyFields: Record<ServiceType, Record<string, null>> = {
  fax: {},
  sms: {},
  voice: { extension: null },
};

/** A voice service's extension: 2–6 digits (only its format: devices own extensions in the account). */
export const EXTENSION_PATTERN = /^[0-9]{2,6}$/;

export type ServiceSettingValue = string | number | boolean;
/** What a service stores: its own overrides only (never null). */
export type ServiceOverrides = Record<string, ServiceSettingValue>;
/** A change: a value overrides, `null` removes the override (the inherited value shows again). */
export type ServiceSettingsPatch = Record<string, ServiceSettingValue | null>;

export type ServiceStatus = 'active' | 'closed';
export type ServiceSource = SettingSource | 'service';

export interface Service {
  accountId: string;
  userId: string;
  type: ServiceType;
  status: ServiceStatus;
  settings: ServiceOverrides;
  /** The voicemail PIN (voice only) as a salted slow hash (voicemail-pin.ts); never leaves the use cases. */
  pinHash: string | null;
  pinSetAt: string | null;
  /** The hash of the one voicemail PIN link that may set the PIN now: a newer link retires older ones. */
  pinLinkHash: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  version: number;
}

/** The fields a type's settings have: its chain object's fields and its service-only ones. */
export function fieldsOf(
  type: ServiceType,
  chain: Pick<EffectiveSettings, (typeof chainKeyOf)[ServiceType]>,
): string[] {
  return [...Object.keys(chain[chainKeyOf[type]].fields), ...Object.keys(serviceOnlyFields[type])];
}

/** Every field named belongs to the type (the body's rules checked each value already): 400 otherwise. */
export function assertFieldsOfType(type: ServiceType, fields: readonly string[], names: readonly string[]): void {
  const foreign = names.filter((n) => !fields.includes(n));
  if (foreign.length === 0) return;
  throw new ValidationError(
    foreign.map((n) => ({ path: `settings.${n}`, message: `is not a ${type} setting (${fields.join(', ')})` })),
  );
}

/**
 * A service's effective settings: each field of its type with its value and source, from the member's effective
 * settings (account, units, member) and the service's own overrides (source "service").
 */
export function effectiveServiceSettings(
  type: ServiceType,
  member: EffectiveSettings,
  overrides: ServiceOverrides,
): Record<string, Sourced<unknown> | { value: unknown; source: ServiceSource }> {
  const out: Record<string, { value: unknown; source: ServiceSource }> = {};
  for (const [field, entry] of Object.entries(member[chainKeyOf[type]].fields as Record<string, Sourced<unknown>>))
    out[field] = overrides[field] !== undefined ? { value: overrides[field], source: 'service' } : { ...entry };
  for (const [field, none] of Object.entries(serviceOnlyFields[type]))
    out[field] = { value: overrides[field] ?? none, source: 'service' };
  return out;
}

/** Applies a settings change to a service's overrides; returns them and the fields that changed (for the audit). */
export function patchServiceSettings(
  stored: ServiceOverrides,
  patch: ServiceSettingsPatch,
): { next: ServiceOverrides; changed: string[] } {
  const next = { ...stored };
  const changed: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (next[field] !== (value ?? undefined)) changed.push(field);
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return { next, changed: changed.sort() };
}

/** A member may have a service of `type` only while their effective modules include its module: 403 otherwise. */
export function assertModuleGranted(type: ServiceType, modules: readonly Module[]): void {
  const module = moduleOfService[type];
  if (modules.includes(module)) return;
  throw new ModuleNotGrantedError(`A ${type} service needs the "${module}" module, which this member does not have`);
}

/**
 * Whether mail about a service can go to the member: a person with an email of their own. Members of other types
 * (when the directory has them) have no mailbox that is theirs.
 */
export const hasOwnMailbox = (user: Pick<User, 'email'> & { type?: string }): boolean =>
  (user.type ?? 'person') === 'person' && Boolean(user.email);

/** A member's service as it starts (or starts again at `version`): active, with no PIN set. */
export const newService = (s: {
  accountId: string;
  userId: string;
  type: Service['type'];
  settings: Service['settings'];
  pinLinkHash?: string | null;
  at: string;
  version?: number;
}): Service => ({
  accountId: s.accountId,
  userId: s.userId,
  type: s.type,
  status: 'active',
  settings: s.settings,
  pinHash: null,
  pinSetAt: null,
  pinLinkHash: s.pinLinkHash ?? null,
  createdAt: s.at,
  updatedAt: s.at,
  closedAt: null,
  version: s.version ?? 1,
});

/**
 * A service closed at `at`: it stays (status closed), its PIN and any pending PIN link are dropped. Closing the
 * service itself (DELETE …/services/{s}) and closing its member both use it.
 */
export const closedService = (current: Service, at: string): Service => ({
  ...current,
  status: 'closed',
  pinHash: null,
  pinSetAt: null,
  pinLinkHash: null,
  closedAt: at,
  updatedAt: at,
  version: current.version + 1,
});

/**
 * Settings with inheritance: account → units (root first) → the member. Each level stores only what it
 * overrides; nested objects (smsSettings, faxSettings, voiceSettings) inherit field by field. The account level is
 * complete: what it does not set comes from DEFAULT_SETTINGS, and its source is still "account". A member's service
 * (service.ts) adds one level more below the member for its own type's object. Restricting settings
 * (allowedModules) only narrow: a level's list counts within what the levels above allow, and a unit or member may not
 * store one naming more.
 */
import { SettingExceedsParentError } from './errors.ts';

export const modules = [
  'messaging',
  'fax',
  'voice',
  'contacts',
  'reports',
  'pricing',
  'payment',
  'userManagement',
] as const;
export type Module = (typeof modules)[number];
/** Modules only admins and account managers may have. */
export const ADMIN_MODULES = ['pricing', 'payment', 'userManagement'] as const satisfies readonly Module[];
export const faxResolutions = ['standard', 'fine', 'superfine'] as const;
export type FaxResolution = (typeof faxResolutions)[number];

export interface SmsSettings {
  senderId: string | null;
  deliveryReports: boolean;
  /** Text appended to every message sent through the member's SMS service. */
  signature: string | null;
  /** ISO 3166-1 alpha-2 country numbers without a "+" are read in. */
  defaultCountryCode: string | null;
}
export interface FaxSettings {
  resolution: FaxResolution;
  retries: number;
  coverPage: boolean;
  coverPageText: string | null;
  /** The header line printed on top of every page sent. */
  headerLine: string | null;
  /** A mail to the sender when a fax is delivered. */
  notifyOnDelivery: boolean;
}
export interface VoiceSettings {
  voicemailEnabled: boolean;
  /** The E.164 number shown to those called. */
  callerId: string | null;
}
export interface SettingValues {
  countryCode: string | null;
  language: string;
  timezone: string;
  smsSettings: SmsSettings;
  faxSettings: FaxSettings;
  voiceSettings: VoiceSettings;
  allowedModules: Module[];
  mfaRequired: boolean;
}

type Override<T> = { [K in keyof T]?: NonNullable<T[K]> };
type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** What one level stores: a subset of the settings, nested objects partially. `null` is never stored. */
export interface SettingOverrides {
  countryCode?: string;
  language?: string;
  timezone?: string;
  smsSettings?: Override<SmsSettings>;
  faxSettings?: Override<FaxSettings>;
  voiceSettings?: Override<VoiceSettings>;
  allowedModules?: Module[];
  mfaRequired?: boolean;
}

/** A PATCH: a value sets the override, `null` removes it (a nested object's field, or the whole object). */
export type SettingsPatch = {
  [K in Exclude<keyof SettingOverrides, NestedKey>]?: SettingOverrides[K] | null;
} & { [K in NestedKey]?: Nullable<NonNullable<SettingOverrides[K]>> | null };

export const DEFAULT_SETTINGS: SettingValues = {
  countryCode: null,
  language: 'en',
  timezone: 'UTC',
  smsSettings: { senderId: null, deliveryReports: false, signature: null, defaultCountryCode: null },
  faxSettings: {
    resolution: 'standard',
    retries: 3,
    coverPage: false,
    coverPageText: null,
    headerLine: null,
    notifyOnDelivery: false,
  },
  voiceSettings: { voicemailEnabled: true, callerId: null },
  // a call, not a spread, so that esbuild may drop the object where nothing reads it (a spread may have effects)
  allowedModules: /* @__PURE__ */ Array.from(modules),
  mfaRequired: false,
};

const nestedKeys = ['smsSettings', 'faxSettings', 'voiceSettings'] as const;
type NestedKey = (typeof nestedKeys)[number];
const scalarKeys = ['countryCode', 'language', 'timezone', 'allowedModules', 'mfaRequired'] as const;
const isNested = (key: string): key is NestedKey => (nestedKeys as readonly string[]).includes(key);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies a PATCH to a level's stored overrides. Returns the new overrides and the changed paths
 * (`language`, `faxSettings.retries`) for the audit event; an empty nested object is dropped.
 */
export function applySettingsPatch(
  stored: SettingOverrides,
  patch: SettingsPatch,
): { next: SettingOverrides; changed: string[] } {
  const next = structuredClone(stored) as Record<string, unknown>;
  const changed: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!isNested(key)) {
      if (!same(next[key], value ?? undefined)) changed.push(key);
      if (value === null) delete next[key];
      else next[key] = value;
      continue;
    }
    const before = (next[key] ?? {}) as Record<string, unknown>;
    const after: Record<string, unknown> = value === null ? {} : { ...before };
    for (const [field, v] of Object.entries(value ?? {})) {
      if (v === null) delete after[field];
      else if (v !== undefined) after[field] = v;
    }
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)]))
      if (!same(before[field], after[field])) changed.push(`${key}.${field}`);
    if (Object.keys(after).length) next[key] = after;
    else delete next[key];
  }
  return { next: next as SettingOverrides, changed };
}

/** The account level: defaults under the account's stored values; mfaRequired is the Account's own attribute. */
export function accountSettings(stored: SettingOverrides, mfaRequired: boolean): SettingValues {
  const values = overlay(DEFAULT_SETTINGS, stored);
  return { ...values, mfaRequired };
}

/**
 * Settings hold primitives, lists of strings and flat objects of primitives, so a copy one level deep is a deep copy
 * (structuredClone did the same at about ten times the cost, on every member read).
 */
const copy = <T>(value: T): T =>
  Array.isArray(value) ? ([...value] as T) : value !== null && typeof value === 'object' ? { ...value } : value;

function overlay(base: SettingValues, layer: SettingOverrides): SettingValues {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) out[key] = copy(value);
  for (const key of scalarKeys) if (layer[key] !== undefined) out[key] = copy(layer[key]);
  for (const key of nestedKeys) out[key] = { ...(out[key] as object), ...(layer[key] ?? {}) };
  return out as unknown as SettingValues;
}

export type SettingSource = 'account' | `unit:${string}` | 'user';
export interface Sourced<T> {
  value: T;
  source: SettingSource;
}
/** A nested setting: its whole value, the most specific level that set any of its fields, and each field's source. */
export interface SourcedObject<T> extends Sourced<T> {
  fields: { [K in keyof T]: Sourced<T[K]> };
}
export type EffectiveSettings = { [K in (typeof scalarKeys)[number]]: Sourced<SettingValues[K]> } & {
  [K in NestedKey]: SourcedObject<SettingValues[K]>;
};

export interface UnitLayer {
  unitId: string;
  overrides: SettingOverrides;
}

/**
 * Effective settings with each value's source. `units` are the unit's ancestors and the unit itself, root first;
 * `user` is the member's own layer. The nearest level that sets a value wins; nested objects per field.
 */
export function resolveSettings(input: {
  account: SettingValues;
  units?: UnitLayer[];
  user?: SettingOverrides;
}): EffectiveSettings {
  const layers: { source: SettingSource; values: SettingOverrides }[] = [
    ...(input.units ?? []).map((u) => ({ source: `unit:${u.unitId}` as const, values: u.overrides })),
    ...(input.user ? [{ source: 'user' as const, values: input.user }] : []),
  ];
  const out: Record<string, unknown> = {};
  for (const key of scalarKeys) {
    let entry: Sourced<unknown> = { value: copy(input.account[key]), source: 'account' };
    for (const layer of layers) {
      const own = layer.values[key];
      if (own === undefined) continue;
      // a restricting setting narrows what the levels above allow (an older override never widens a later narrowing)
      const value = key === 'allowedModules' ? narrowed(entry.value as Module[], own as Module[]) : copy(own);
      entry = { value, source: layer.source };
    }
    out[key] = entry;
  }
  const rank = (s: SettingSource) => (s === 'account' ? 0 : 1 + layers.findIndex((l) => l.source === s));
  for (const key of nestedKeys) {
    const fields: Record<string, Sourced<unknown>> = {};
    for (const [field, value] of Object.entries(input.account[key])) {
      let entry: Sourced<unknown> = { value, source: 'account' };
      for (const layer of layers) {
        const v = (layer.values[key] as Record<string, unknown> | undefined)?.[field];
        if (v !== undefined) entry = { value: v, source: layer.source };
      }
      fields[field] = entry;
    }
    const sources = Object.values(fields).map((f) => f.source);
    const source = sources.reduce((a, b) => (rank(b) > rank(a) ? b : a), 'account' as SettingSource);
    out[key] = { value: Object.fromEntries(Object.entries(fields).map(([f, e]) => [f, e.value])), source, fields };
  }
  return out as EffectiveSettings;
}

/** A level's allowed modules within what the levels above allow (in the level's own order). */
const narrowed = (above: readonly Module[], own: readonly Module[]): Module[] => own.filter((m) => above.includes(m));

/** The settings that restrict (lists of what is allowed): a unit or a member may narrow them, never widen them. */
export const RESTRICTING_SETTINGS = ['allowedModules'] as const;

/**
 * A unit's or a member's patch stays within what the levels above allow (`above`: the effective settings of the
 * parent chain): naming a module they do not allow is 409 setting_exceeds_parent, whoever asks. Removing an
 * override (null) is always fine: the level then inherits.
 */
export function assertWithinLevelsAbove(patch: SettingsPatch, above: Pick<EffectiveSettings, 'allowedModules'>): void {
  const requested = patch.allowedModules;
  if (!requested) return;
  const allowed = above.allowedModules.value;
  const beyond = requested.filter((m) => !allowed.includes(m));
  if (beyond.length === 0) return;
  throw new SettingExceedsParentError(
    `allowedModules: ${beyond.map((m) => `"${m}"`).join(', ')} not allowed above this level ` +
      `(allowed there: ${allowed.length ? allowed.join(', ') : 'none'}, from ${above.allowedModules.source})`,
  );
}

/** An IANA time zone name the runtime knows ("Europe/Berlin", "UTC"); offsets and lower-case spellings are refused. */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/.test(name) || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An SMS sender id: 1–11 letters, digits or spaces with at least one letter, or a number of 3–15 digits. */
export const SENDER_ID_PATTERN = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$|^\+?[0-9]{3,15}$/;
export const COVER_PAGE_TEXT_MAX = 500;
export const FAX_RETRIES_MAX = 5;
export const FAX_HEADER_LINE_MAX = 60;
export const SMS_SIGNATURE_MAX = 40;

/** +1 when a level starts overriding mfaRequired, -1 when it stops (the per-request check reads overrides only while some exist). */
export const mfaOverrideDelta = (before: SettingOverrides, after: SettingOverrides): number =>
  Number(after.mfaRequired !== undefined) - Number(before.mfaRequired !== undefined);

/** The effective mfaRequired at the end of a unit path (root first): the nearest unit that says something, else `fallback` (the account's flag). */
export function mfaAlong<F extends boolean | undefined>(
  path: string[],
  overrides: ReadonlyMap<string, { overrides: SettingOverrides }>,
  fallback: F,
): boolean | F {
  for (const id of [...path].reverse()) {
    const v = overrides.get(id)?.overrides.mfaRequired;
    if (v !== undefined) return v;
  }
  return fallback;
}

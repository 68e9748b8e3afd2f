/** Where a member sits and what they hold, as requests name it; checked against what the caller holds (no escalation). */
import * as v from 'valibot';
import { modules } from '#domain/settings.ts';
import { Id, Role } from './common.ts';
import { Module } from './settings-values.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const distinct = /* @__NO_SIDE_EFFECTS__ */ <T>(what: string) =>
  v.check<T[], string>((list) => new Set(list).size === list.length, `must not name a ${what} twice`);

const Modules = schema(() => v.pipe(v.array(Module), v.maxLength(modules.length), distinct('module')));
const UnitIds = schema(() => v.pipe(v.array(Id), v.maxLength(50), distinct('unit')));
export const capabilityShape = schema(() => ({
  manageUsers: v.boolean(),
  manageE911: v.boolean(),
  manageInternationalDialing: v.boolean(),
}));
/** A grant of capabilities: the ones named are set, the others stay as they are (all false on a new member). */
const CapabilitiesPatch = schema(() => v.partial(v.strictObject(capabilityShape)));

/** Where a new member sits and what they hold; each is checked against what the caller holds (no escalation). */
export const grantFields = schema(() => ({
  role: v.optional(Role),
  unitId: v.optional(Id),
  adminUnitIds: v.optional(UnitIds),
  capabilities: v.optional(CapabilitiesPatch),
  modules: v.optional(Modules),
}));

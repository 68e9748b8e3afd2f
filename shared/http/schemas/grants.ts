/** Where a member sits and what they hold, as requests name it; checked against what the caller holds (no escalation). */
import * as z from 'zod/mini';
import { modules } from '#domain/settings.ts';
import { Id, Role } from './common.ts';

export const Module = z.enum(modules);
const Modules = z.array(Module).check(z.maxLength(modules.length), z.refine((list) => new Set(list).size === list.length, 'must not name a module twice'));
const UnitIds = z.array(Id).check(z.maxLength(50), z.refine((list) => new Set(list).size === list.length, 'must not name a unit twice'));
export const capabilityShape = { manageUsers: z.boolean(), manageE911: z.boolean(), manageInternationalDialing: z.boolean() };
/** A grant of capabilities: the ones named are set, the others stay as they are (all false on a new member). */
const CapabilitiesPatch = z.strictObject(Object.fromEntries(Object.entries(capabilityShape).map(([k, v]) => [k, z.optional(v)])) as { [K in keyof typeof capabilityShape]: z.ZodMiniOptional<z.ZodMiniBoolean> });

/** Where a new member sits and what they hold; each is checked against what the caller holds (no escalation). */
export const grantFields = {
  role: z.optional(Role),
  unitId: z.optional(Id),
  adminUnitIds: z.optional(UnitIds),
  capabilities: z.optional(CapabilitiesPatch),
  modules: z.optional(Modules),
};

export const GrantsBody = z.strictObject(grantFields);
export type GrantsInput = z.infer<typeof GrantsBody>;

/**
 * A group as SCIM's `/Groups` shows it, and what a SCIM request asks of a group: `displayName` ↔ name, `externalId`,
 * `members` [{value: user id, display: the member's name, type: "User"}], `meta`. Pure: a refused request throws a
 * ScimError (400) before anything is read or written.
 */
import type { Group } from '../group.ts';
import { nameProblem } from '../text.ts';
import { scimBadRequest } from './errors.ts';
import type { PatchOperation, ScimDocument } from './patch.ts';
import { SCIM_GROUP } from './schemas.ts';

/** A member as a group shows it. */
export interface ScimGroupMember {
  id: string;
  /** The member's display name ("given family"). */
  display: string;
}

/** The longest externalId kept (it is part of a key). */
export const EXTERNAL_ID_MAX_LENGTH = 512;

/** The SCIM Group document; `members` left out when not read (excluded), or when there are none. */
export function toScimGroup(group: Group, members: ScimGroupMember[] | undefined, baseUrl: string): ScimDocument {
  return {
    schemas: [SCIM_GROUP],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.name,
    ...(members?.length ? { members: members.map((m) => ({ value: m.id, display: m.display, type: 'User' })) } : {}),
    meta: {
      resourceType: 'Group',
      created: group.createdAt,
      lastModified: group.updatedAt,
      location: `${baseUrl}/Groups/${group.id}`,
      version: `W/"${group.version}"`,
    },
  };
}

/** What a POST or PUT asks for. */
export interface ScimGroupInput {
  displayName: string;
  externalId: string | null;
  /** The member ids asked for (each once); a PUT without `members` asks for none. */
  memberIds: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function displayNameOf(value: unknown): string {
  if (typeof value !== 'string') throw scimBadRequest('invalidValue', '"displayName" must be a string');
  const name = value.trim();
  const problem = nameProblem(name);
  if (problem) throw scimBadRequest('invalidValue', `"displayName" ${problem}`);
  return name;
}

export function externalIdOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw scimBadRequest('invalidValue', '"externalId" must be a string');
  if (value === '') return null;
  if (value.length > EXTERNAL_ID_MAX_LENGTH)
    throw scimBadRequest('invalidValue', `"externalId" must be at most ${EXTERNAL_ID_MAX_LENGTH} characters`);
  return value;
}

/** A member value: a user id, of type "User" when a type is given (groups hold no groups). */
function memberIdOf(value: unknown): string {
  const raw = typeof value === 'string' ? { value } : value;
  if (!isObject(raw)) throw scimBadRequest('invalidValue', 'Each "members" value must be an object');
  const lower = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  if (typeof lower.value !== 'string' || lower.value === '')
    throw scimBadRequest('invalidValue', 'Each "members" value needs a "value"');
  if (lower.type !== undefined && lower.type !== null && String(lower.type).toLowerCase() !== 'user')
    throw scimBadRequest('invalidValue', `Members are users: type "${String(lower.type)}" is not supported`);
  return lower.value;
}

export function memberIdsOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw scimBadRequest('invalidValue', '"members" must be a list');
  return [...new Set(value.map(memberIdOf))];
}

/** A POST or PUT body: attribute names case-insensitive (with or without the schema's URN); read-only ones ignored. */
export function scimGroupInput(body: unknown): ScimGroupInput {
  if (!isObject(body)) throw scimBadRequest('invalidSyntax', 'The body must be a SCIM Group object');
  const fields = new Map<string, unknown>();
  const prefix = `${SCIM_GROUP.toLowerCase()}:`;
  for (const [key, value] of Object.entries(body)) {
    const name = key.toLowerCase();
    fields.set(name.startsWith(prefix) ? name.slice(prefix.length) : name, value);
  }
  const schemas = fields.get('schemas');
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(SCIM_GROUP)))
    throw scimBadRequest('invalidSyntax', `"schemas" must list ${SCIM_GROUP}`);
  if (!fields.has('displayname')) throw scimBadRequest('invalidValue', '"displayName" is required');
  return {
    displayName: displayNameOf(fields.get('displayname')),
    externalId: externalIdOf(fields.get('externalid')),
    memberIds: memberIdsOf(fields.get('members')),
  };
}

/**
 * What a PATCH does to the members, from its operations in order: `delta` adds and removes ids (each id ends in at
 * most one of them: the last operation naming it wins); `exact` sets the members the caller manages to a list
 * (a replace of `members`, or a removal of them all, then what follows).
 */
export type MemberPlan = { kind: 'delta'; add: string[]; remove: string[] } | { kind: 'exact'; members: string[] };

export interface GroupPatchPlan {
  /** The new name, when an operation sets it. */
  displayName?: string;
  /** The new externalId (null: removed), when an operation touches it. */
  externalId?: string | null;
  /** null when no operation touches the members. */
  members: MemberPlan | null;
}

/** How many member values a plan names: the limit of a request is on these. */
export const memberValuesOf = (plan: MemberPlan): number =>
  plan.kind === 'exact' ? plan.members.length : plan.add.length + plan.remove.length;

/** The operations (parsePatch's canonical form, resource Group) as one plan; anything else is 400. */
export function groupPatchPlan(ops: PatchOperation[]): GroupPatchPlan {
  const plan: GroupPatchPlan = { members: null };
  // the state as operations run: either changes to the current members, or the whole (managed) list
  let add = new Set<string>();
  let remove = new Set<string>();
  let exact: Set<string> | null = null;
  const adding = (ids: string[]) => {
    for (const id of ids) {
      if (exact) exact.add(id);
      else {
        add.add(id);
        remove.delete(id);
      }
    }
  };
  const removing = (ids: string[]) => {
    for (const id of ids) {
      if (exact) exact.delete(id);
      else {
        remove.add(id);
        add.delete(id);
      }
    }
  };
  const touched = () => {
    plan.members = { kind: 'delta', add: [], remove: [] };
  };
  for (const op of ops) {
    const path = op.path;
    if (!path) throw scimBadRequest('invalidPath', 'Every Group operation needs an attribute');
    if (path.schema || (path.attribute !== 'members' && (path.subAttribute || path.where)))
      throw scimBadRequest('invalidPath', `Unsupported path on a Group: ${path.attribute}`);
    switch (path.attribute) {
      case 'displayName':
        if (op.op === 'remove') throw scimBadRequest('invalidValue', '"displayName" is required');
        plan.displayName = displayNameOf(op.value);
        break;
      case 'externalId':
        plan.externalId = op.op === 'remove' ? null : externalIdOf(op.value);
        break;
      case 'members': {
        touched();
        if (path.subAttribute) throw scimBadRequest('invalidPath', 'Members are changed whole, by "value"');
        if (path.where) {
          if (path.where.attribute !== 'value' || typeof path.where.value !== 'string')
            throw scimBadRequest('invalidFilter', 'Members are selected by "value eq"');
          // remove members[value eq "u"]; add or replace of it: the member is in the group afterwards
          (op.op === 'remove' ? removing : adding)([path.where.value]);
          break;
        }
        if (op.op === 'remove' && op.value === undefined) {
          exact = new Set();
          add = new Set();
          remove = new Set();
          break;
        }
        const ids = memberIdsOf(op.value);
        if (op.op === 'replace') {
          exact = new Set(ids);
          add = new Set();
          remove = new Set();
        } else (op.op === 'add' ? adding : removing)(ids);
        break;
      }
      default:
        throw scimBadRequest('invalidPath', `Unsupported attribute on a Group: ${path.attribute}`);
    }
  }
  if (plan.members)
    plan.members = exact
      ? { kind: 'exact', members: [...exact] }
      : { kind: 'delta', add: [...add], remove: [...remove] };
  return plan;
}

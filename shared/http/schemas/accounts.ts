import * as v from 'valibot';
import type { NewAccountInput } from '#use-cases/accounts.ts';
import { type Conforms, Email, Id, Name, Phone, Timestamp, Username, tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const Account = schema(() =>
  v.object({
    id: Id,
    name: v.string(),
    contactEmail: v.nullable(v.string()),
    contactPhone: v.nullable(v.string()),
    mfaRequired: v.boolean(),
    /** The root of the account's organisation tree (GET /v1/accounts/{accountId}/units). */
    rootUnitId: v.nullable(Id),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: v.number(),
  }),
);

const AccountName = schema(() => tenantText(1, 120));

export const CreateAccountBody = schema(() =>
  v.strictObject({
    name: AccountName,
    contactEmail: v.optional(v.nullable(Email)),
    contactPhone: v.optional(v.nullable(Phone)),
    owner: v.strictObject({ email: Email, firstName: Name, lastName: Name, username: v.optional(Username) }),
  }),
);
export type CreateAccountInput = Conforms<v.InferOutput<typeof CreateAccountBody>, NewAccountInput>;

export const UpdateAccountBody = schema(() =>
  v.strictObject({
    name: v.optional(AccountName),
    contactEmail: v.optional(v.nullable(Email)),
    contactPhone: v.optional(v.nullable(Phone)),
    /** Members without MFA are held at enrollment until they set it up. */
    mfaRequired: v.optional(v.boolean()),
  }),
);
export type UpdateAccountInput = v.InferOutput<typeof UpdateAccountBody>;

export { toAccountDto } from '../dto.ts';

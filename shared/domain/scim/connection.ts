/**
 * A system user's SCIM connection: an identity provider (Entra ID, Okta, Google…) provisioning the account's members
 * through `/scim/v2/accounts/{accountId}` with one of this system user's API keys. Set by `PATCH …/users/{u}`
 * `{scim: {…}}` on a system user; absent on every other member.
 */
export interface ScimConnection {
  /** Whether the system user's API keys open `/scim/v2/…` (it must also be an admin with manageUsers). */
  enabled: boolean;
  /** Where new members go: absent or null → the system user's first admin unit, else the account's root. */
  unitId: string | null;
  /** When true, an in-scope unit named like the SCIM `department` (case-insensitive) wins over `unitId`. */
  unitFromDepartment: boolean;
  /** Whether new people get the invitation (setup) mail. */
  sendInvitations: boolean;
}

export const DEFAULT_SCIM_CONNECTION: ScimConnection = {
  enabled: false,
  unitId: null,
  unitFromDepartment: false,
  sendInvitations: true,
};

/** A phone number as SCIM carries it: the types stored are these three. */
export const scimPhoneTypes = ['work', 'mobile', 'fax'] as const;
export type ScimPhoneType = (typeof scimPhoneTypes)[number];

/**
 * What SCIM stores about a person beyond the member's own fields (username, email, names, status): kept on the
 * member's record, returned on `/Users`, never read by anything else. Set by SCIM only (absent on members created
 * otherwise, whose SCIM `userName` is their username).
 */
export interface ScimProfile {
  /** The identity provider's `userName`, casing kept (the member's username is its normalised form, or another). */
  userName?: string;
  /** The identity provider's id for the person (exact, unique in the account). */
  externalId?: string;
  title?: string;
  phoneNumbers?: { value: string; type: ScimPhoneType }[];
  /** The Enterprise User extension's attributes that are stored. */
  employeeNumber?: string;
  department?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  /** The manager's SCIM id (`manager.value`). */
  manager?: string;
}

import type { AccountBrand } from './brand.ts';
import type { SettingOverrides } from './settings.ts';

export interface Account {
  id: string;
  name: string;
  contactEmail: string | null;
  contactPhone: string | null;
  /** Members must use MFA: without it they get the MFA_SETUP challenge and only /v1/me/mfa/* answers them. */
  mfaRequired: boolean;
  /** The root of the account's organisation tree, created with the account (null only for accounts older than the tree). */
  rootUnitId: string | null;
  /** Account-level settings the account has set (mfaRequired is the attribute above); see domain/settings.ts. */
  settings: SettingOverrides;
  /** The account's own brand (a reseller's), set by the operator; absent: the deployment's brand alone. */
  branding?: AccountBrand;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type AccountPatch = Partial<Pick<Account, 'name' | 'contactEmail' | 'contactPhone' | 'mfaRequired'>>;

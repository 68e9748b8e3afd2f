export interface Account {
  id: string;
  name: string;
  contactEmail: string | null;
  contactPhone: string | null;
  /** Members must use MFA: without it they get the MFA_SETUP challenge and only /v1/me/mfa/* answers them. */
  mfaRequired: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type AccountPatch = Partial<Pick<Account, 'name' | 'contactEmail' | 'contactPhone' | 'mfaRequired'>>;

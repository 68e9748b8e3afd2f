export interface Account {
  id: string;
  name: string;
  contactEmail: string | null;
  contactPhone: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type AccountPatch = Partial<Pick<Account, 'name' | 'contactEmail' | 'contactPhone'>>;

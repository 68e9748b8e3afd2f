/**
 * A member's phone (a desk or soft phone): an extension, unique in the account, and optionally the hardware's MAC
 * address, unique in the whole deployment (a provisioning server finds the phone's account by it).
 */
export interface Device {
  id: string;
  accountId: string;
  /** The member whose phone it is. */
  userId: string;
  /** 2–6 digits, unique in the account. */
  extension: string;
  model: string | null;
  /** Canonical form `AA:BB:CC:DD:EE:FF` (normalizeMac), unique in the deployment. */
  macAddress: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const EXTENSION_PATTERN = /^[0-9]{2,6}$/;

/** What a device patch may change. `macAddress: null` removes it. */
export type DevicePatch = Partial<Pick<Device, 'extension' | 'model' | 'macAddress'>>;

const SEPARATED = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/;
const BARE = /^[0-9a-f]{12}$/;
const DOTTED = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/;

/**
 * The canonical form of a MAC address (`AA:BB:CC:DD:EE:FF`), from `aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`,
 * `aabbccddeeff` or `aabb.ccdd.eeff` in either case; null for anything else (mixed separators included).
 */
export function normalizeMac(input: string): string | null {
  const s = input.trim().toLowerCase();
  if (!SEPARATED.test(s) && !BARE.test(s) && !DOTTED.test(s)) return null;
  const hex = s.replace(/[^0-9a-f]/g, '').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** Services → response bodies, apart from the valibot schemas so that read handlers bundle no schema library. */
import type { Service } from '#domain/service.ts';

/** The PIN's hash and the current PIN link's hash never leave: a voice service tells only whether a PIN is set. */
export const toServiceDto = ({ service: s, effectiveSettings }: { service: Service; effectiveSettings: unknown }) => ({
  id: s.type,
  type: s.type,
  status: s.status,
  settings: s.settings,
  effectiveSettings,
  ...(s.type === 'voice' ? { voicemailPinSet: s.pinHash !== null } : {}),
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  closedAt: s.closedAt,
  version: s.version,
});

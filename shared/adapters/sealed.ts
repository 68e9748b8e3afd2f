import { createHmac, timingSafeEqual } from 'node:crypto';
import { sealingKey, type SealingPurpose } from './sealing-keys.ts';

/**
 * Opaque values the API hands out and must get back unchanged (pagination cursors, MFA challenge sessions, refresh
 * grants): JSON, signed with HMAC under the key of their purpose and a label of their own, so one kind can never be
 * passed off as another.
 */
export function sealer(label: string, purpose: SealingPurpose) {
  const mac = (payload: string) => createHmac('sha256', sealingKey(purpose)).update(`${label}\n${payload}`).digest();
  return {
    seal(data: Record<string, unknown>): string {
      const payload = Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    /** The data, or null when the value is malformed, forged or sealed under another label. */
    open(sealed: string): Record<string, unknown> | null {
      const [payload, signature, extra] = sealed.split('.');
      if (!payload || !signature || extra !== undefined) return null;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const data: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    },
  };
}

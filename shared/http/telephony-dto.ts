/** Numbers and devices → response bodies, apart from the valibot schemas so that read handlers bundle no schema library. */
import type { Device } from '#domain/device.ts';
import type { PhoneNumber } from '#domain/phone-number.ts';

export const toNumberDto = (n: PhoneNumber) => ({
  id: n.id,
  accountId: n.accountId,
  e164: n.e164,
  label: n.label,
  assignment: n.assignment
    ? { userId: n.assignment.userId, serviceId: n.assignment.serviceId, assignedAt: n.assignment.assignedAt }
    : null,
  groupIds: [...n.groupIds].sort(),
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
  version: n.version,
});

export const toDeviceDto = (d: Device) => ({
  id: d.id,
  accountId: d.accountId,
  userId: d.userId,
  extension: d.extension,
  model: d.model,
  macAddress: d.macAddress,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  version: d.version,
});

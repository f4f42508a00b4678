import { ASSET_STATUS_SV, ASSET_STATUSES, type AssetStatus } from './rules.ts';

/**
 * The register's vocabulary and input checks: pure, no I/O. Statuses are the lifecycle's
 * (rules.ts, R-5.2).
 */

export const REGISTER_STATUSES = ASSET_STATUSES;
export type RegisterStatus = AssetStatus;
export const REGISTER_STATUS_SV = ASSET_STATUS_SV;

/** Statuses an asset may be registered or imported with: it is on order, in use or on IT's shelf. */
export const INITIAL_STATUSES = ['ordered', 'active', 'in_stock'] as const satisfies readonly RegisterStatus[];

export { DEVICE_TYPES, type DeviceType } from './rules.ts';

/** Serials are compared trimmed, without inner spaces and in upper case ("ab 12" and "AB12" are one device). */
export function normalizeSerial(serial: string): string {
  return serial.trim().replace(/\s+/g, '').toUpperCase();
}

/** A serial a person can type and read: letters, digits and - _ . / only, at most 64 characters. */
export function serialProblem(serial: string): { reason: string; reasonSv: string } | null {
  if (serial === '') return { reason: 'required', reasonSv: 'krävs' };
  if (serial.length > 64) return { reason: 'at most 64 characters', reasonSv: 'högst 64 tecken' };
  if (!/^[A-Z0-9][A-Z0-9\-_./]*$/.test(serial)) return { reason: 'letters, digits and - _ . / only', reasonSv: 'endast bokstäver, siffror och - _ . /' };
  return null;
}

/** The serials that occur more than once, with the lines they occur on (in file order). */
export function duplicateSerials(rows: readonly { line: number; serial: string }[]): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const r of rows) lines.set(r.serial, [...(lines.get(r.serial) ?? []), r.line]);
  return new Map([...lines].filter(([, l]) => l.length > 1));
}

import { now } from '../clock.ts';
import type { DbOrTx } from '../db/client.ts';
import { insertAuditRow } from './store.ts';

export interface AuditEntry {
  /** Who did it; null for the system (seed, jobs). */
  actorUserId: string | null;
  /** The municipality the record belongs to, null for shared records. */
  municipalityId: string | null;
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Strip secrets before a row enters the audit trail. */
function redact(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map(redact);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /password|secret|token/i.test(k) ? (v === null ? null : '[redacted]') : v instanceof Date ? v.toISOString() : redact(v);
  }
  return out;
}

/**
 * Writes one audit row. Call it inside the transaction that makes the change. Stamped by the
 * app's clock (platform/clock.ts; the system clock in production), as the change itself is, so the
 * audit log's date filters agree with the records when the app runs as of another instant (tests).
 */
export async function writeAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await insertAuditRow(tx, {
    at: now(),
    actorUserId: entry.actorUserId,
    municipalityId: entry.municipalityId,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    before: redact(entry.before),
    after: redact(entry.after),
  });
}

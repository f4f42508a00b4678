/**
 * Issue 16: an asset's history in plain Swedish. An event's `changes` hold the event's data and the
 * register columns it changed; some are the system's own references (the order line's id, a model's
 * id) that mean nothing to a reader. This says which entries a page shows and how the delivery from
 * an order reads ("Levererad från beställning 2026-000123"). Pure: no React, no API.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keys whose ids the page turns into names (units, people); every other id is left out. */
const NAMED_IDS = new Set(['unitId', 'holder', 'holderPersonId']);

/** One line of an event's changes as the page shows it. */
export type HistoryEntry = { kind: 'fromOrder'; number: string } | { kind: 'selfService' } | { kind: 'change'; key: string; value: unknown };

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';
const isId = (v: unknown) => typeof v === 'string' && UUID.test(v);
const isIdPair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((x) => isEmpty(x) || isId(x)) && v.some(isId);

/** The entries of an event's `changes` a reader sees, in the stored order; the order number first. */
export function historyEntries(changes: Record<string, unknown> | null | undefined): HistoryEntry[] {
  const c = changes ?? {};
  const out: HistoryEntry[] = [];
  if (typeof c.order === 'string' && c.order !== '') out.push({ kind: 'fromOrder', number: c.order });
  for (const [key, value] of Object.entries(c)) {
    if (key === 'order') continue;
    if (key === 'selfService') {
      if (value === true) out.push({ kind: 'selfService' });
      continue;
    }
    // Empty values of the event's data (no location given, no binding) say nothing; a change to empty does.
    if (isEmpty(value)) continue;
    // The holder's id is shown once, as the change of holder.
    if (key === 'holder' && 'holderPersonId' in c) continue;
    // The system's references (order line, model, …): not for people to read.
    if (!NAMED_IDS.has(key) && (isId(value) || isIdPair(value) || /Id$/.test(key))) continue;
    out.push({ kind: 'change', key, value });
  }
  return out;
}

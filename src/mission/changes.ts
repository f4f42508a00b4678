import type { MissionDocument } from './document.ts';
import {
  MISSION_FIELDS,
  capitalize,
  formatFieldValue,
  formatUnknown,
  missionField,
  missionFieldLabel,
  type MissionField,
  type MissionListField,
} from './labels.ts';

/**
 * "changes from the previous mission", derived from two mission documents (issue 20): a list of
 * changes, each with one Swedish sentence for the board's papers ("Öppettiden fredagar ändras från
 * 07:30–16:00 till 07:30–15:00."), in document order, and enough data to apply them to the old
 * document and get the new one back (which the tests check for random edits). Pure: no I/O.
 *
 * Comparison is recursive. A group compares field by field; a field present on one side only is a
 * 'set' whose missing side is `undefined`. A weekday's opening hours (open/close or closed) is one
 * value. Lists of objects with an identity (a code, a municipality, a date and municipality, a
 * dimension number) compare by that identity: removed items, added items, changed items (inside them,
 * paths use the item's index in the OLD list) and a 'reordered' change only when the kept and added
 * items would otherwise stand in another order than the new list's. Lists of values (months, holiday
 * types, lines, service codes) do the same with the value as identity. A list with the same identity
 * twice on either side, or a list without identity, changes as a whole ('set').
 */

/** Where a change is: the field names and list indexes from the document's root. */
export type MissionPath = readonly (string | number)[];

export type MissionChange =
  /** A value changed, appeared (`before` undefined) or disappeared (`after` undefined). */
  | { kind: 'set'; path: MissionPath; before: unknown; after: unknown; text: string }
  /** An item was added to the list at `path`; `index` is its place in the NEW list. */
  | { kind: 'added'; path: MissionPath; key: string; index: number; item: unknown; text: string }
  /** The item with identity `key` was removed from the list at `path`. */
  | { kind: 'removed'; path: MissionPath; key: string; item: unknown; text: string }
  /** The list at `path` is reordered; `keys` are its items' identities in the new order. */
  | { kind: 'reordered'; path: MissionPath; keys: string[]; text: string };

interface Docs {
  before: MissionDocument;
  after: MissionDocument;
}

/**
 * the changes from mission `before` to mission `after`, in document order, each with its
 * Swedish sentence. Identical documents give [].
 */
export function missionChanges(before: MissionDocument, after: MissionDocument): MissionChange[] {
  const out: MissionChange[] = [];
  diff(MISSION_FIELDS, [], before, after, [], { before, after }, out);
  return out;
}

/**
 * R-8.4: `before` with `changes` (from `missionChanges(before, after)`) applied: a new document equal
 * to `after`; `before` is never changed. Order of application, so that every index in a path means
 * the OLD list: first all 'set' changes, then the lists' own changes, innermost lists first (a list
 * inside an item before the list holding the item), and per list its removals, its additions in
 * increasing new index, and last its reordering.
 */
export function applyMissionChanges(before: MissionDocument, changes: readonly MissionChange[]): MissionDocument {
  let doc: unknown = structuredClone(before);
  for (const c of changes) if (c.kind === 'set') doc = assignAt(doc, c.path, c.after);
  const lists = new Map<string, { path: MissionPath; changes: Exclude<MissionChange, { kind: 'set' }>[] }>();
  for (const c of changes) {
    if (c.kind === 'set') continue;
    const id = JSON.stringify(c.path);
    const entry = lists.get(id) ?? { path: c.path, changes: [] };
    entry.changes.push(c);
    lists.set(id, entry);
  }
  const ordered = [...lists.values()].sort((a, b) => b.path.length - a.path.length);
  for (const { path, changes: own } of ordered) {
    const list = valueAt(doc, path);
    if (!Array.isArray(list)) throw new Error(`mission changes: no list at ${path.join('.')}`);
    const keyOf = itemKey(missionField(path));
    const removed = new Set(own.flatMap((c) => (c.kind === 'removed' ? [c.key] : [])));
    let items: unknown[] = list.filter((item: unknown) => !removed.has(keyOf(item)));
    const added = own.flatMap((c) => (c.kind === 'added' ? [c] : [])).sort((a, b) => a.index - b.index);
    for (const c of added) items.splice(Math.min(c.index, items.length), 0, structuredClone(c.item));
    for (const c of own) {
      if (c.kind !== 'reordered') continue;
      const rank = new Map(c.keys.map((k, i) => [k, i]));
      items = items
        .map((item, i) => ({ item, i, r: rank.get(keyOf(item)) ?? c.keys.length + i }))
        .sort((a, b) => a.r - b.r)
        .map((x) => x.item);
    }
    doc = assignAt(doc, path, items, false);
  }
  return doc as MissionDocument;
}

/**
 * the change list as plain text for the board's papers: the heading, a blank line and one
 * "– " line per change, or "Inga ändringar." when there are none.
 */
export function changeListText(changes: readonly Pick<MissionChange, 'text'>[], heading: string): string {
  const lines = changes.length === 0 ? ['Inga ändringar.'] : changes.map((c) => `– ${c.text}`);
  return `${[heading, '', ...lines].join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Comparing

type Path = (string | number)[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality; a field holding `undefined` counts as absent (as in a parsed document). */
function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}

function diff(node: MissionField | undefined, path: Path, before: unknown, after: unknown, ctx: string[], docs: Docs, out: MissionChange[]): void {
  if (equal(before, after)) return;
  if (node?.kind === 'object' && !node.atomic && isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(node.fields), ...Object.keys(before), ...Object.keys(after)]);
    for (const k of keys) diff(Object.hasOwn(node.fields, k) ? node.fields[k] : undefined, [...path, k], before[k], after[k], ctx, docs, out);
    return;
  }
  if (node?.kind === 'list' && Array.isArray(before) && Array.isArray(after) && diffList(node, path, before, after, ctx, docs, out)) return;
  out.push({ kind: 'set', path, before: structuredClone(before), after: structuredClone(after), text: setText(node, path, before, after, ctx, docs) });
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

/** The identity of an item of the list `node` (a value's own text for lists of values). */
function itemKey(node: MissionField | undefined): (item: unknown) => string {
  if (node?.kind === 'list' && node.key) return node.key;
  return (item) => (isPrimitive(item) ? String(item) : JSON.stringify(item));
}

/** Compares a list item by item; false when it can only change as a whole. */
function diffList(node: MissionListField, path: Path, before: unknown[], after: unknown[], ctx: string[], docs: Docs, out: MissionChange[]): boolean {
  const values = node.item.kind === 'leaf';
  if (values ? !before.every(isPrimitive) || !after.every(isPrimitive) : !node.key) return false;
  const keyOf = itemKey(node);
  const bk = before.map(keyOf);
  const ak = after.map(keyOf);
  if (new Set(bk).size !== bk.length || new Set(ak).size !== ak.length) return false;
  const oldIndex = new Map(bk.map((k, i) => [k, i]));
  const kept = new Set(ak);
  if (values && ak.some((k, j) => oldIndex.has(k) && !Object.is(before[oldIndex.get(k) ?? -1], after[j]))) return false;

  for (const [i, item] of before.entries()) {
    const key = bk[i] ?? '';
    if (!kept.has(key)) out.push({ kind: 'removed', path, key, item: structuredClone(item), text: itemText(node, 'tas bort', item, ctx, docs.before) });
  }
  const order = bk.filter((k) => kept.has(k));
  for (const [j, item] of after.entries()) {
    const key = ak[j] ?? '';
    const i = oldIndex.get(key);
    if (i === undefined) {
      out.push({ kind: 'added', path, key, index: j, item: structuredClone(item), text: itemText(node, 'läggs till', item, ctx, docs.after) });
      order.splice(Math.min(j, order.length), 0, key);
    } else if (!values) {
      diff(node.item, [...path, i], before[i], item, [itemContext(node, item, docs.after), ...ctx], docs, out);
    }
  }
  if (order.some((k, j) => k !== ak[j])) {
    const named = after.map((item) => describe(node, item, docs.after)).join(', ');
    out.push({ kind: 'reordered', path, keys: ak, text: sentence(`Ordningen för ${fill(node.definite, ctx)} ändras till: ${named}`) });
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Texts

function contextText(ctx: readonly string[]): string {
  return ctx
    .filter((c) => c !== '')
    .map((c) => ` ${c}`)
    .join('');
}

/** A subject with the enclosing items named where it says `{ctx}`, or after it. */
function fill(template: string, ctx: readonly string[]): string {
  return template.includes('{ctx}') ? template.replace('{ctx}', contextText(ctx)) : `${template}${contextText(ctx)}`;
}

/** Ends a sentence with one full stop. */
function sentence(s: string): string {
  return s.endsWith('.') ? s : `${s}.`;
}

function value(node: MissionField | undefined, v: unknown, doc: MissionDocument): string {
  return node ? formatFieldValue(node, v, doc) : formatUnknown(v);
}

function describe(node: MissionListField, item: unknown, doc: MissionDocument): string {
  return node.describe ? node.describe(item, doc) : formatFieldValue(node.item, item, doc);
}

function itemContext(node: MissionListField, item: unknown, doc: MissionDocument): string {
  return node.context ? node.context(item, doc) : `för ${node.singular.toLowerCase()} ${describe(node, item, doc)}`;
}

function itemText(node: MissionListField, verb: 'läggs till' | 'tas bort', item: unknown, ctx: string[], doc: MissionDocument): string {
  if (node.item.kind === 'leaf') return sentence(`${fill(node.subject ?? capitalize(node.label), ctx)}: ${describe(node, item, doc)} ${verb}`);
  return sentence(`${node.singular}${contextText(ctx)} ${verb}: ${describe(node, item, doc)}`);
}

function setText(node: MissionField | undefined, path: Path, before: unknown, after: unknown, ctx: string[], docs: Docs): string {
  const b = value(node, before, docs.before);
  const a = value(node, after, docs.after);
  const owner = path.length >= 2 ? missionField(path.slice(0, -2)) : undefined;
  const rename = owner?.kind === 'list' ? owner.rename : undefined;
  if (rename && rename.field === path.at(-1) && before !== undefined && after !== undefined) {
    return sentence(`${rename.subject}${contextText(ctx.slice(1))} byter namn från ${b} till ${a}`);
  }
  const subject = node?.subject ? fill(node.subject, ctx) : missionFieldLabel(path, docs.after);
  if (before === undefined) return sentence(`${subject} läggs till: ${a}`);
  if (after === undefined) return sentence(`${subject} tas bort (var ${b})`);
  return sentence(`${subject} ändras från ${b} till ${a}`);
}

// ---------------------------------------------------------------------------------------------------
// Applying

function valueAt(doc: unknown, path: MissionPath): unknown {
  let v = doc;
  for (const seg of path) v = Array.isArray(v) ? (v[Number(seg)] as unknown) : isRecord(v) ? v[String(seg)] : undefined;
  return v;
}

/** `doc` with `value` at `path` (`undefined` removes the field); changes `doc` in place, which is a copy. */
function assignAt(doc: unknown, path: MissionPath, value: unknown, copy = true): unknown {
  const v = copy ? structuredClone(value) : value;
  if (path.length === 0) return v;
  const parent = valueAt(doc, path.slice(0, -1));
  const last = path.at(-1) ?? '';
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = v;
  else if (isRecord(parent) && v === undefined) delete parent[String(last)];
  else if (isRecord(parent)) parent[String(last)] = v;
  else throw new Error(`mission changes: no field at ${path.join('.')}`);
  return doc;
}

/**
 * Issue 16: bad input answered 500 on 27 of 109 routes. This walk reads the OpenAPI document of the
 * in-process app, builds a plausible request for every operation and spoils one input of it at a time —
 * NUL and other control characters in text, query and path, numbers beyond an `integer` column,
 * impossible dates, wrong types, over-long text, unknown fields — as an administrator who holds every
 * role, and as nobody. Every answer must be a 4xx problem document, and the database must be exactly as
 * it was (every table's rows hashed before and after; sessions aside, since signing in writes one).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { TEXT_MAX } from '../../src/platform/http/types.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';

type Schema = Record<string, unknown> & { $ref?: string };
interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  params: Param[];
  /** The JSON body's schema, when the operation takes JSON. */
  json?: Schema;
  /** A non-JSON body type the operation takes (text/csv, multipart/form-data…). */
  otherBody?: string;
}
/** Where a bad value goes: a path or query parameter, or a place in the JSON body. */
type Slot = { kind: 'param'; param: Param } | { kind: 'body'; path: (string | number)[]; schema: Schema } | { kind: 'bodyRoot' } | { kind: 'rawBody' };

let ctx: TestContext;
let admin: TestClient;
let components: Record<string, Schema> = {};
const operations: Operation[] = [];
/** Ids of real records, by the collection path they were listed under. */
const idsByCollection = new Map<string, string[]>();
let allIds: string[] = [];

const EXCLUDED_TABLES = new Set(['sessions']);

/** Every table's row count and a hash of its rows: equal snapshots mean nothing was written. */
async function snapshot(): Promise<Map<string, string>> {
  const tables = await ctx.database.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const out = new Map<string, string>();
  for (const { table_name: name } of tables) {
    if (EXCLUDED_TABLES.has(name) || name.startsWith('__drizzle')) continue;
    const [row] = await ctx.database.query<{ n: string; h: string }>(
      `SELECT count(*)::text AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${name}" t`,
    );
    out.set(name, `${row?.n}:${row?.h}`);
  }
  return out;
}

function deref(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) s = components[s.$ref.replace('#/components/schemas/', '')] ?? {};
  return s;
}

/** The non-null alternative of a schema (anyOf/oneOf with null, type: [x, 'null']). */
function main(schema: Schema | undefined): Schema {
  const s = deref(schema);
  const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alts) {
    const first = alts.map(deref).find((a) => a.type !== 'null');
    return first ? main(first) : s;
  }
  if (Array.isArray(s.allOf) && s.allOf.length === 1) return main({ ...s, ...(s.allOf[0] as Schema), allOf: undefined });
  return s;
}

function typeOf(s: Schema): string | undefined {
  const t = s.type;
  if (Array.isArray(t)) return (t as string[]).find((x) => x !== 'null');
  if (typeof t === 'string') return t;
  if (s.properties) return 'object';
  return undefined;
}

const DATE_NAME = /(On|Date|^date|^from|^to|^start|^end|^asOf|^day)$/;
const INSTANT_NAME = /(At|^at|^instant)$/;

function isDateField(name: string, s: Schema): boolean {
  return s.format === 'date' || s.format === 'date-time' || DATE_NAME.test(name) || INSTANT_NAME.test(name);
}

function idFor(name: string, path: string): string {
  const collection = path.split('/{')[0] ?? '';
  const pool = idsByCollection.get(collection) ?? (name.endsWith('Id') ? idsByCollection.get(`/api/v1/${name.slice(0, -2)}s`) : undefined) ?? allIds;
  return pool[0] ?? '00000000-0000-4000-8000-000000000000';
}

/** A plausible value for a schema (the request around the one spoiled input). */
function sample(schema: Schema | undefined, name: string, path: string, depth = 0): unknown {
  const s = main(schema);
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ('const' in s) return s.const;
  if (Array.isArray(s.allOf)) return Object.assign({}, ...(s.allOf as Schema[]).map((p) => sample(p, name, path, depth + 1)));
  switch (typeOf(s) ?? 'unknown') {
    case 'string': {
      if (s.format === 'uuid') return idFor(name, path);
      if (s.format === 'date' || DATE_NAME.test(name)) return '2026-03-05';
      if (s.format === 'date-time' || INSTANT_NAME.test(name)) return '2026-03-05T10:00:00+01:00';
      if (s.format === 'email') return 'prov@example.se';
      if (/month/i.test(name)) return '2026-03';
      if (/year/i.test(name)) return '2026';
      const min = typeof s.minLength === 'number' ? s.minLength : 1;
      return 'Prov'.padEnd(min, 'x');
    }
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return typeof s.minItems === 'number' && s.minItems > 0 && depth < 4 ? [sample(s.items as Schema, name, path, depth + 1)] : [];
    case 'object': {
      if (depth > 4) return {};
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set((s.required ?? []) as string[]);
      return Object.fromEntries(
        Object.entries(props)
          .filter(([k]) => required.has(k))
          .map(([k, v]) => [k, sample(v, k, path, depth + 1)]),
      );
    }
    default:
      return 'Prov';
  }
}

const NUL = 'Prov\u0000text';
const CONTROL = 'Prov\u0007\u001btext';
const LONG = 'x'.repeat(TEXT_MAX + 1);
const IMPOSSIBLE_DATES = ['2026-02-30', '2025-02-29', '2026-13-01', '2026-04-31T10:00:00+02:00', '0000-00-00'];

/** Values no field of this schema may take (each one is bad for it, whatever else it accepts). */
function badValues(s0: Schema, name: string, where: 'json' | 'query' | 'path'): unknown[] {
  const s = main(s0);
  const t = typeOf(s) ?? 'unknown';
  const wrongTypes: unknown[] = where === 'json' ? [{ nested: true }, [1, 2]] : [];
  if (Array.isArray(s.enum)) {
    return [NUL, 'ingen-sådan-kod', ...(where === 'json' ? [12, null] : [])].filter(
      (v) => !(s.enum as unknown[]).includes(v) && !(v === null && isNullable(s0)),
    );
  }
  switch (t) {
    case 'string': {
      const out: unknown[] = [NUL, CONTROL, LONG, ...wrongTypes];
      if (where === 'json') out.push(12345, true, '\ud800');
      if (isDateField(name, s) || s.format === 'uuid') out.push(...IMPOSSIBLE_DATES);
      return out;
    }
    case 'integer':
    case 'number': {
      const over = typeof s.maximum === 'number' ? s.maximum + 1 : 2_147_483_648;
      const under = typeof s.minimum === 'number' ? s.minimum - 1 : -2_147_483_649;
      const out: unknown[] = [over, 1e20, under];
      if (t === 'integer') out.push(1.5);
      if (where === 'json') out.push('12', NUL, ...wrongTypes);
      else out.push('abc', NUL, '1e400', '99999999999999999999');
      return out.map((v) => (where === 'json' ? v : String(v)));
    }
    case 'boolean':
      return where === 'json' ? ['ja', 1, NUL] : ['kanske', NUL];
    case 'array':
      return where === 'json' ? ['inte en lista', { a: 1 }] : [NUL];
    case 'object':
      return where === 'json' ? ['inte ett objekt', 17] : [NUL];
    default:
      return where === 'json' ? [] : [NUL, CONTROL];
  }
}

function isNullable(s0: Schema): boolean {
  const s = deref(s0);
  const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  return Boolean(s.nullable) || (Array.isArray(s.type) && s.type.includes('null')) || Boolean(alts?.some((a) => deref(a).type === 'null'));
}

/** Places in a JSON body a bad value can go: every property down to a few levels, and array items. */
function bodySlots(schema: Schema, path: (string | number)[] = [], depth = 0): Slot[] {
  const s = main(schema);
  const out: Slot[] = [];
  const t = typeOf(s);
  if (t === 'object' && depth < 3) {
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      out.push({ kind: 'body', path: [...path, k], schema: v });
      out.push(...bodySlots(v, [...path, k], depth + 1));
    }
  } else if (t === 'array' && depth < 3 && s.items) {
    const item = main(s.items as Schema);
    if (typeOf(item) === 'object') out.push(...bodySlots(item, [...path, 0], depth + 1));
    else out.push({ kind: 'body', path: [...path, 0], schema: item });
  }
  return out;
}

function slotsOf(op: Operation): Slot[] {
  const slots: Slot[] = op.params.map((param) => ({ kind: 'param', param }));
  if (op.json) slots.push({ kind: 'bodyRoot' }, ...bodySlots(op.json));
  if (op.otherBody) slots.push({ kind: 'rawBody' });
  return slots;
}

function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(target) ? [...(target as unknown[])] : [];
    arr[head] = setAt(arr[head] ?? {}, rest, value);
    return arr;
  }
  const obj = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  obj[head as string] = setAt(obj[head as string] ?? {}, rest, value);
  return obj;
}

/** Each bad value a slot can take. */
function badOf(op: Operation, slot: Slot): unknown[] {
  switch (slot.kind) {
    case 'param':
      return badValues(slot.param.schema, slot.param.name, slot.param.in);
    case 'body':
      return badValues(slot.schema, String(slot.path.at(-1)), 'json');
    case 'bodyRoot': {
      const root = main(op.json);
      const base = sample(op.json, 'body', op.path);
      const out: unknown[] = ['inte json-objekt', [base], null];
      if (typeOf(root) === 'object') out.push({ ...(base as object), okäntFält: 'x' }, { ...(base as object), valueOf: 'x', constructor: 1 });
      return out;
    }
    case 'rawBody':
      return [`kod;namn\r\nA\u0000;B\u0000\r\n`, `\u0000\u0001\u0002`, LONG.repeat(3)];
  }
}

interface Built {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
  what: string;
}

function build(op: Operation, slot: Slot, bad: unknown): Built {
  let url = op.path;
  const query = new URLSearchParams();
  for (const p of op.params) {
    const value = slot.kind === 'param' && slot.param === p ? String(bad) : p.required ? String(sample(p.schema, p.name, op.path)) : undefined;
    if (value === undefined) continue;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    else query.set(p.name, value);
  }
  const qs = query.toString();
  let body: unknown;
  const headers: Record<string, string> = {};
  if (op.json) {
    const base = sample(op.json, 'body', op.path);
    if (slot.kind === 'body') body = JSON.stringify(setAt(base, slot.path, bad));
    else if (slot.kind === 'bodyRoot') body = JSON.stringify(bad);
    else body = JSON.stringify(base);
    headers['content-type'] = 'application/json';
  } else if (op.otherBody && slot.kind === 'rawBody') {
    body = String(bad);
    headers['content-type'] = op.otherBody;
  }
  const where = slot.kind === 'param' ? `${slot.param.in} ${slot.param.name}` : slot.kind === 'body' ? `body ${slot.path.join('.')}` : slot.kind;
  const shown = typeof bad === 'string' ? JSON.stringify(bad.length > 40 ? `${bad.slice(0, 40)}…(${bad.length})` : bad) : JSON.stringify(bad);
  return { method: op.method, url: qs ? `${url}?${qs}` : url, body, headers, what: `${op.method} ${op.path} — ${where} = ${shown?.slice(0, 80)}` };
}

/** How often each status answered (reported, so a walk that reaches nothing shows). */
const statuses = new Map<number, number>();

/** Sends a bad request and says what was wrong with the answer, if anything. */
async function check(client: TestClient, req: Built): Promise<string | undefined> {
  const res = await client.request(req.method, req.url, req.body, req.headers);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  if (res.status < 400 || res.status >= 500) return `${req.what}: answered ${res.status} ${text.slice(0, 200)}`;
  if (!type.startsWith('application/problem+json')) return `${req.what}: ${res.status} as ${type} (${text.slice(0, 80)})`;
  return undefined;
}

before(async () => {
  ctx = await testContext({ demo: true });
  admin = await ctx.userClient({
    username: 'granskare.allt',
    roles: ['admin', 'agent', 'it_management', 'it_strategist'],
    municipality: null,
    team: 'anvandarstod',
    line: 1,
  });
  assert.equal((await admin.get('/api/v1/auth/session')).status, 200, 'the administrator is signed in');
  const doc = (
    await admin.json<{ paths: Record<string, Record<string, Record<string, unknown>>>; components?: { schemas?: Record<string, Schema> } }>(
      'GET',
      '/api/openapi.json',
    )
  ).body;
  components = doc.components?.schemas ?? {};
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = ((raw.parameters ?? []) as { name: string; in: string; required?: boolean; schema?: Schema }[])
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p): Param => ({
          name: p.name,
          in: p.in as 'path' | 'query',
          required: p.in === 'path' || p.required === true,
          schema: p.schema ?? { type: 'string' },
        }));
      const content = ((raw.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {}) as Record<
        string,
        { schema?: Schema }
      >;
      const jsonType = Object.keys(content).find((t) => /json/.test(t));
      const other = Object.keys(content).find((t) => !/json/.test(t));
      operations.push({
        method: method.toUpperCase(),
        path: path.startsWith('/api') ? path : `/api${path}`,
        params,
        ...(jsonType ? { json: content[jsonType]?.schema ?? {} } : {}),
        ...(other && !jsonType ? { otherBody: other } : {}),
      });
    }
  }
  // Real ids make the request reach the service, where a number beyond `integer` used to overflow.
  for (const op of operations) {
    if (op.method !== 'GET' || op.params.some((p) => p.required)) continue;
    // Only JSON answers carry ids (an export without required parameters answers a file).
    const raw = await admin.request('GET', op.path);
    if (raw.status !== 200 || !/json/.test(raw.headers.get('content-type') ?? '')) continue;
    const res = { body: (await raw.json()) as unknown };
    const ids: string[] = [];
    const collect = (v: unknown, depth: number): void => {
      if (depth > 3 || !v || typeof v !== 'object') return;
      if (Array.isArray(v)) return v.slice(0, 5).forEach((x) => collect(x, depth + 1));
      const rec = v as Record<string, unknown>;
      if (typeof rec.id === 'string' && /^[0-9a-f-]{36}$/.test(rec.id)) ids.push(rec.id);
      for (const x of Object.values(rec)) if (x && typeof x === 'object') collect(x, depth + 1);
    };
    collect(res.body, 0);
    if (ids.length) idsByCollection.set(op.path, ids);
  }
  allIds = [...new Set([...idsByCollection.values()].flat())];
});
after(async () => {
  await ctx?.close();
});

test('the walk reaches every operation of the OpenAPI document', () => {
  assert.ok(operations.length >= 100, `only ${operations.length} operations`);
  assert.ok(allIds.length > 10, 'real records to aim at');
  const withInput = operations.filter((op) => slotsOf(op).length > 0);
  assert.ok(withInput.length >= 80, `${withInput.length} operations take input`);
});

test('every input of every route, spoiled one at a time, answers a 4xx problem document and writes nothing', async (t) => {
  const before = await snapshot();
  const failures: string[] = [];
  let sent = 0;
  // A sweep: every place a value goes, with each bad value for it in turn over the places of an operation.
  for (const op of operations) {
    const slots = slotsOf(op);
    for (const [i, slot] of slots.entries()) {
      const bads = badOf(op, slot);
      if (bads.length === 0) continue;
      for (const k of [i % bads.length, (i + 1) % bads.length]) {
        const failure = await check(admin, build(op, slot, bads[k]));
        sent++;
        if (failure) failures.push(failure);
      }
    }
  }
  // Then random combinations of operation, place and bad value, signed in and not.
  const all = operations.flatMap((op) => slotsOf(op).map((slot) => ({ op, slot, bads: badOf(op, slot) }))).filter((x) => x.bads.length > 0);
  const anonymous = new TestClient(ctx.app);
  await fc.assert(
    fc.asyncProperty(fc.nat(all.length - 1), fc.nat(100), fc.boolean(), async (i, j, signedIn) => {
      const { op, slot, bads } = all[i]!;
      const failure = await check(signedIn ? admin : anonymous, build(op, slot, bads[j % bads.length]));
      sent++;
      if (failure) failures.push(failure);
      return true;
    }),
    { numRuns: 300 },
  );
  t.diagnostic(
    `${sent} bad requests; answers: ${[...statuses]
      .sort(([a], [b]) => a - b)
      .map(([k, n]) => `${k}×${n}`)
      .join(', ')}`,
  );
  assert.ok((statuses.get(400) ?? 0) > sent / 2, 'most bad requests fail validation');
  const afterSnap = await snapshot();
  const changed = [...before].filter(([t, h]) => afterSnap.get(t) !== h).map(([t]) => t);
  assert.deepEqual(failures.slice(0, 60), [], `${failures.length} of ${sent} bad requests were not refused with a 4xx problem document`);
  assert.deepEqual(changed, [], 'tables changed by refused requests');
});

test('a NUL byte in sign-in or search, an impossible date and a version beyond integer answer 400 (issue 16)', async () => {
  const anonymous = new TestClient(ctx.app);
  for (const body of [
    { username: 'itadmin\u0000', password: 'x' },
    { username: 'itadmin', password: 'a\u0000b' },
    { username: LONG, password: 'x' },
  ]) {
    const res = await anonymous.request('POST', '/api/v1/auth/login', body);
    assert.equal(res.status, 400, JSON.stringify(body).slice(0, 60));
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  }
  const nulQuery = await admin.request('GET', '/api/v1/tickets?q=%00');
  assert.equal(nulQuery.status, 400);
  const impossible = await admin.request('GET', '/api/v1/surveys?from=2026-01-01&to=2026-02-30');
  assert.equal(impossible.status, 400);
  const units = await admin.json<{ items: { id: string; version: number }[] }>('GET', '/api/v1/units');
  const unit = units.body.items[0]!;
  const overflow = await admin.json<{ errors: { field: string; reasonSv: string }[] }>('PATCH', `/api/v1/units/${unit.id}`, {
    version: 2_147_483_648,
    name: 'Ny',
  });
  assert.equal(overflow.status, 400);
  assert.deepEqual(
    overflow.body.errors.map((e) => [e.field, e.reasonSv]),
    [['version', 'talet är för stort']],
  );
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/org/seed.ts';
import { operationIdOf } from '../../src/platform/http/openapi.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { checkResponse, essence, validateSchema, type OpenApiDocument, type Operation } from '../support/openapi.ts';

/**
 * Issue 16 §4: the OpenAPI document as an independent client reads it. Real answers of the demo (seeded
 * as of a fixed day) are checked against the document's own response schemas and media types; the
 * security it declares is checked against what the app does without a session and without the CSRF
 * token. (`npm run lint:openapi` lints the same document with Redocly.)
 */

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const NOW = new Date('2026-03-16T10:00:00+01:00');

let ctx: TestContext;
let doc: OpenApiDocument;
let admin: TestClient;

before(async () => {
  ctx = await testContext({ demo: true, now: NOW });
  const res = await new TestClient(ctx.app).json<OpenApiDocument>('GET', '/api/openapi.json');
  assert.equal(res.status, 200);
  doc = res.body;
  admin = new TestClient(ctx.app);
  assert.equal((await admin.login('itadmin', DEMO_PASSWORD)).status, 200);
});
after(async () => {
  await ctx.close();
});

function operations(): { method: (typeof METHODS)[number]; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((method) => ({ method, path, op: item[method] as Operation })),
  );
}

/** GETs a path as `client`, requires 200 and an answer that conforms to the document. */
async function conforming<T = Record<string, unknown>>(client: TestClient, path: string): Promise<T> {
  const res = await client.request('GET', path);
  assert.equal(res.status, 200, `GET ${path}: ${res.status} ${await res.clone().text()}`);
  assert.deepEqual(await checkResponse(doc, 'GET', path, res), [], `GET ${path}`);
  return (essence(res.headers.get('content-type') ?? '') === 'application/json' ? await res.json() : undefined) as T;
}

describe('the document', () => {
  test('every operation has an operationId, unique, derived from method and path', () => {
    const seen = new Set<string>();
    for (const { method, path, op } of operations()) {
      assert.equal(op.operationId, operationIdOf(method, path), `${method} ${path}`);
      assert.ok(!seen.has(op.operationId), `duplicate ${op.operationId}`);
      seen.add(op.operationId);
    }
    assert.equal(operationIdOf('get', '/api/v1/billing/runs/{id}/units/{unitId}'), 'getBillingRunsByIdUnitsByUnitId');
    assert.equal(operationIdOf('get', '/api/v1/billing/runs/{id}/export.csv'), 'getBillingRunsByIdExportCsv');
  });

  test('the session cookie and the CSRF header are security schemes; writes need both, reads the cookie, public routes none', () => {
    assert.deepEqual(doc.components?.securitySchemes, {
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'samdesk_session', description: 'The session from POST /api/v1/auth/login (signed, HttpOnly).' },
      csrfHeader: {
        type: 'apiKey',
        in: 'header',
        name: 'X-CSRF-Token',
        description: 'The session’s CSRF token (csrfToken of POST /api/v1/auth/login or GET /api/v1/auth/session); every write with a session cookie needs it.',
      },
    });
    for (const { method, path, op } of operations()) assert.ok(Array.isArray(op.security), `${method} ${path} declares its security`);
    const security = (method: string, path: string) => (doc.paths[path]?.[method] as Operation).security;
    assert.deepEqual(security('get', '/api/v1/tickets'), [{ sessionCookie: [] }]);
    assert.deepEqual(security('post', '/api/v1/tickets'), [{ sessionCookie: [], csrfHeader: [] }]);
    for (const [m, p] of [
      ['post', '/api/v1/auth/login'],
      ['get', '/api/v1/public/model-range/{municipality}/atom'],
      ['get', '/api/v1/calendar/closed-days'],
      ['post', '/api/v1/public/surveys/{token}'],
    ]) {
      assert.deepEqual(security(m!, p!), [], `${m} ${p} is public`);
    }
  });

  test('file downloads declare their media types (PDF, XLSX, CSV, SIE, attachments, kept mail)', () => {
    const mediaTypes = (path: string) => Object.keys((doc.paths[path]?.get as Operation).responses['200']?.content ?? {});
    assert.deepEqual(mediaTypes('/api/v1/assets/{id}/erasure-protocol.pdf'), ['application/pdf']);
    assert.deepEqual(mediaTypes('/api/v1/assets/{id}/sale-receipt.pdf'), ['application/pdf']);
    assert.deepEqual(mediaTypes('/api/v1/billing/runs/{id}/units/{unitId}/basis.pdf'), ['application/pdf']);
    assert.deepEqual(mediaTypes('/api/v1/billing/runs/{id}/export.xlsx'), ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    assert.deepEqual(mediaTypes('/api/v1/billing/runs/{id}/export.csv'), ['text/csv; charset=utf-8']);
    assert.deepEqual(mediaTypes('/api/v1/billing/runs/{id}/export.se'), ['application/octet-stream']);
    assert.deepEqual(mediaTypes('/api/v1/attachments/{id}'), ['application/octet-stream']);
    assert.deepEqual(mediaTypes('/api/v1/mail/quarantine/{id}/raw'), ['application/octet-stream']);
  });

  test('a nullable reference admits null: anyOf [$ref, null], never allOf with the referenced object', () => {
    const text = JSON.stringify(doc);
    assert.doesNotMatch(text, /"allOf":\[\{"\$ref":"[^"]+"\},\{"type":\[[^\]]*"null"\]\}\]/);
    const previous = (doc.components?.schemas?.UnitBasis as { properties: Record<string, unknown> }).properties.previous;
    assert.deepEqual(previous, { anyOf: [{ $ref: '#/components/schemas/BillingRun' }, { type: 'null' }] });
    // What the generator wrote before (issue 16): no null can satisfy it, so `previous: null` broke its own schema.
    const broken = { allOf: [{ $ref: '#/components/schemas/BillingRun' }, { type: ['object', 'null'] }] };
    assert.notDeepEqual(validateSchema(doc, broken, null), []);
    assert.deepEqual(validateSchema(doc, previous as Record<string, unknown>, null), []);
  });
});

describe('real answers conform to the document', () => {
  test('every GET without parameters, as an administrator', async () => {
    const plain = operations().filter(
      ({ method, path, op }) =>
        method === 'get' &&
        !path.includes('{') &&
        !((op as { parameters?: { in: string; required?: boolean }[] }).parameters ?? []).some((p) => p.in === 'query' && p.required) &&
        !path.includes('/oidc/'),
    );
    assert.ok(plain.length >= 20, `only ${plain.length} plain GETs`);
    for (const { path } of plain) await conforming(admin, path);
  });

  test('billing: runs, a run whose previous run is null, a unit’s basis and the exports', async () => {
    const runs = await conforming<{ items: { id: string; status: string }[] }>(admin, '/api/v1/billing/runs');
    assert.ok(runs.items.length >= 2, 'the demo has runs');
    let previousNull = 0;
    for (const run of runs.items) {
      const page = await conforming<{ previous: unknown; units: { unitId: string }[] }>(admin, `/api/v1/billing/runs/${run.id}`);
      if (page.previous === null) previousNull++;
      const unit = page.units[0];
      if (unit) {
        const basis = await conforming<{ previous: unknown }>(admin, `/api/v1/billing/runs/${run.id}/units/${unit.unitId}`);
        assert.equal(basis.previous === null, page.previous === null);
        await conforming(admin, `/api/v1/billing/runs/${run.id}/units/${unit.unitId}/basis.pdf`);
      }
      await conforming(admin, `/api/v1/billing/runs/${run.id}/export.csv`);
      await conforming(admin, `/api/v1/billing/runs/${run.id}/export.xlsx`);
      if (run.status === 'approved') await conforming(admin, `/api/v1/billing/runs/${run.id}/export.se`);
    }
    assert.ok(previousNull >= 1, 'a run without a previous run was checked');
  });

  test('organisation, mission, calendar, catalogue and the public model range', async () => {
    const people = await conforming<{ items: { id: string }[] }>(admin, '/api/v1/people');
    if (people.items[0]) await conforming(admin, `/api/v1/people/${people.items[0].id}`);
    const missions = await conforming<{ items: { year: number }[] }>(admin, '/api/v1/missions');
    if (missions.items[0]) await conforming(admin, `/api/v1/missions/${missions.items[0].year}`);
    await conforming(admin, '/api/v1/calendar/closed-days?year=2026');
    await conforming(admin, '/api/v1/calendar/service-windows?year=2026');
    await conforming(admin, `/api/v1/calendar/deadline?start=${encodeURIComponent('2026-03-16T10:00:00+01:00')}&workingDays=3`);
    const services = await conforming<{ items: { id: string }[] }>(admin, '/api/v1/catalogue/services');
    if (services.items[0]) await conforming(admin, `/api/v1/catalogue/services/${services.items[0].id}`);
    await conforming(admin, '/api/v1/price-lists/2026');
    await conforming(admin, '/api/v1/price-lists/2026/export?format=xlsx');
    await conforming(admin, '/api/v1/price-lists/2026/export?format=csv');
    await conforming(admin, '/api/v1/model-range?year=2026');
    const anonymous = new TestClient(ctx.app);
    await conforming(anonymous, '/api/v1/public/model-range/tranemo');
    await conforming(anonymous, '/api/v1/public/model-range/tranemo/atom');
  });

  test('tickets, desks, attachments, orders and the register with its erasure protocol', async () => {
    const tickets = await conforming<{ items: { id: string }[] }>(admin, '/api/v1/tickets');
    const ticket = tickets.items[0];
    assert.ok(ticket, 'the demo has tickets');
    await conforming(admin, `/api/v1/tickets/${ticket.id}`);
    const uploaded = await admin.request('POST', `/api/v1/tickets/${ticket.id}/attachments?filename=logg.txt`, 'rad 1\n', { 'content-type': 'text/plain' });
    assert.equal(uploaded.status, 201);
    assert.deepEqual(await checkResponse(doc, 'POST', `/api/v1/tickets/${ticket.id}/attachments`, uploaded), []);
    await conforming(admin, `/api/v1/attachments/${((await uploaded.json()) as { id: string }).id}`);
    await conforming(admin, '/api/v1/sla-breaches?from=2026-01-01&to=2026-03-31');
    const desks = await conforming<{ items: { id: string }[] }>(admin, '/api/v1/desks');
    if (desks.items[0]) {
      await conforming(admin, `/api/v1/desks/${desks.items[0].id}`);
      await conforming(admin, `/api/v1/desks/${desks.items[0].id}/agents`);
    }
    const orders = await conforming<{ items: { id: string }[] }>(admin, '/api/v1/orders');
    if (orders.items[0]) await conforming(admin, `/api/v1/orders/${orders.items[0].id}`);
    const units = await conforming<{ items: { id: string }[] }>(admin, '/api/v1/units');
    if (units.items[0]) await conforming(admin, `/api/v1/units/${units.items[0].id}/orderers`);

    const assets = await conforming<{ items: { id: string; status: string; serial: string; unitId: string | null }[] }>(admin, '/api/v1/assets?limit=200');
    assert.ok(assets.items.length > 0, 'the demo has equipment');
    const first = assets.items[0]!;
    await conforming(admin, `/api/v1/assets/${first.id}`);
    await conforming(admin, `/api/v1/assets/serial/${encodeURIComponent(first.serial)}`);
    if (first.unitId) await conforming(admin, `/api/v1/assets/unit-costs?unitId=${first.unitId}`);
    const erased = assets.items.find((a) => a.status === 'erased');
    assert.ok(erased, 'the demo has an erased computer');
    await conforming(admin, `/api/v1/assets/${erased.id}/erasure-protocol.pdf`);
  });
});

describe('the declared security is what the app does', () => {
  /** A value a path or query parameter's schema accepts, so the request gets past validation. */
  function sample(name: string, schema: Record<string, unknown> = {}): string {
    if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
    if (schema.type === 'integer' || schema.type === 'number') {
      return String(typeof schema.example === 'number' ? schema.example : typeof schema.minimum === 'number' ? schema.minimum : 2026);
    }
    if (Array.isArray(schema.enum)) return String(schema.enum[0]);
    if (typeof schema.example === 'string') return schema.example;
    if (typeof schema.pattern === 'string' && schema.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-03-02';
    return name === 'municipality' ? 'tranemo' : 'abc';
  }
  function concrete(path: string, op: Operation): string {
    const params = (op as { parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[] }).parameters ?? [];
    let url = path;
    for (const p of params.filter((x) => x.in === 'path')) url = url.replace(`{${p.name}}`, encodeURIComponent(sample(p.name, p.schema)));
    const query = params.filter((x) => x.in === 'query' && x.required).map((p) => `${p.name}=${encodeURIComponent(sample(p.name, p.schema))}`);
    return query.length ? `${url}?${query.join('&')}` : url;
  }

  test('without a session, every GET that declares the cookie answers 401 and no public one does', async () => {
    const anonymous = new TestClient(ctx.app);
    const wrong: string[] = [];
    for (const { method, path, op } of operations().filter((o) => o.method === 'get')) {
      const res = await anonymous.request('GET', concrete(path, op));
      const needsSession = (op.security ?? []).some((s) => 'sessionCookie' in s);
      if (needsSession !== (res.status === 401)) wrong.push(`${method} ${path}: declared ${needsSession ? 'signed-in' : 'public'}, answered ${res.status}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('signed in but without the CSRF token, every write that declares the header is refused as CSRF and no other is', async () => {
    const wrong: string[] = [];
    for (const { method, path, op } of operations().filter((o) => o.method !== 'get')) {
      const res = await admin.request(method.toUpperCase(), concrete(path, op), undefined, { 'x-csrf-token': '' });
      const body = (await res.text()).includes('"code":"csrf"');
      const needsCsrf = (op.security ?? []).some((s) => 'csrfHeader' in s);
      if (needsCsrf !== (res.status === 403 && body)) wrong.push(`${method} ${path}: declared ${needsCsrf ? 'CSRF' : 'no CSRF'}, answered ${res.status}`);
    }
    assert.deepEqual(wrong, []);
  });
});

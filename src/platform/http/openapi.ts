import { z } from '@hono/zod-openapi';
import { ZProblem } from './contract.ts';

/** The problem schema lives in the platform's contract (decision 0010); routes still take it from here. */
export { ZProblem };

/** Shared OpenAPI pieces so every route documents its body, answer and errors the same way. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export function ok<T extends z.ZodType>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } } as const;
}

export const problemResponses = {
  400: { description: 'Invalid input', content: { 'application/problem+json': { schema: ZProblem } } },
  401: { description: 'Not signed in', content: { 'application/problem+json': { schema: ZProblem } } },
  403: { description: 'Not allowed', content: { 'application/problem+json': { schema: ZProblem } } },
  404: { description: 'Not found (or not yours to see)', content: { 'application/problem+json': { schema: ZProblem } } },
  409: { description: 'Stale version or duplicate', content: { 'application/problem+json': { schema: ZProblem } } },
} as const;

export const ZIdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/**
 * A file download's answer (issue 16 §4): each media type the route can send, as binary. Clients and
 * linters then know a PDF, XLSX, CSV, SIE file or attachment comes back, not JSON.
 * @example responses: { 200: fileResponse('The PDF', 'application/pdf'), ...problemResponses }
 */
export function fileResponse(description: string, ...mediaTypes: [string, ...string[]]) {
  const content: Record<string, { schema: { type: 'string'; format: 'binary' } }> = {};
  for (const t of mediaTypes) content[t] = { schema: { type: 'string', format: 'binary' } };
  return {
    description,
    headers: { 'Content-Disposition': { description: 'attachment (or inline) with the file name', schema: { type: 'string' } } },
    content,
  } as const;
}

/** Names of the two security schemes: the session cookie and the CSRF header (decision 0004). */
export const SECURITY = { session: 'sessionCookie', csrf: 'csrfHeader' } as const;

/**
 * Operations anyone may call without signing in, as `METHOD path` or a path prefix ending in `/`. They
 * match what the session middleware treats as public (src/org/sessions.ts: opening hours and
 * /public/ never read the session) and the sign-in steps themselves; test/api/openapi.test.ts calls
 * every documented GET without a session and checks that exactly these answer without 401.
 */
export const ANONYMOUS_OPERATIONS = [
  '/api/v1/calendar/',
  '/api/v1/public/',
  'GET /api/v1/auth/providers',
  'POST /api/v1/auth/login',
  'GET /api/v1/auth/oidc/login',
  'GET /api/v1/auth/oidc/callback',
] as const;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const SAFE = new Set(['get', 'head', 'options']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when nobody needs to be signed in for `method path`. */
export function isAnonymousOperation(method: string, path: string): boolean {
  const m = method.toUpperCase();
  return ANONYMOUS_OPERATIONS.some((a) => (a.endsWith('/') ? path.startsWith(a) : a === `${m} ${path}`));
}

/**
 * The operation id derived from method and path, so it is unique by construction and stable:
 * `GET /api/v1/billing/runs/{id}/units/{unitId}` → `getBillingRunsByIdUnitsByUnitId`,
 * `GET /api/v1/billing/runs/{id}/export.csv` → `getBillingRunsByIdExportCsv`.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api(\/v\d+)?\//, '')
    .split('/')
    .flatMap((seg) => {
      const param = /^\{(.+)\}$/.exec(seg);
      return param ? ['by', ...param[1]!.split(/[^A-Za-z0-9]+/)] : seg.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

/**
 * zod-to-openapi renders `.nullable()` of a registered schema as `allOf: [{$ref}, {type: [object,
 * null]}]`, which no value satisfies when it is null (the $ref does not admit null): a billing run's
 * `previous: null` broke its own schema. Such a pair becomes `anyOf: [{$ref}, {type: null}]`.
 */
function repairNullableRef(schema: Json): Json {
  const all = schema.allOf;
  if (!Array.isArray(all) || all.length !== 2) return schema;
  const [ref, extra] = all as unknown[];
  if (!isObject(ref) || typeof ref.$ref !== 'string' || Object.keys(ref).length !== 1 || !isObject(extra)) return schema;
  const type = extra.type;
  if (!(type === 'null' || (Array.isArray(type) && type.includes('null')))) return schema;
  const { type: _type, ...annotations } = extra;
  const unknownKeys = Object.keys(annotations).filter((k) => !['description', 'title', 'example', 'examples', 'deprecated'].includes(k));
  if (unknownKeys.length > 0) return schema;
  const { allOf: _allOf, ...rest } = schema;
  return { ...rest, ...annotations, anyOf: [ref, { type: 'null' }] };
}

/**
 * A field's labels (`.meta({ label, labelEn })`, validation.ts) as OpenAPI extensions: `x-label` and
 * `x-label-en` beside the schema they name, so clients may show the same names; a bare `label` is not
 * a JSON Schema keyword. A property called `label` is a schema (an object), never a string, and stays.
 */
function labelsAsExtensions(schema: Json): Json {
  if (typeof schema.label !== 'string' && typeof schema.labelEn !== 'string') return schema;
  const { label, labelEn, ...rest } = schema;
  return { ...rest, ...(typeof label === 'string' ? { 'x-label': label } : {}), ...(typeof labelEn === 'string' ? { 'x-label-en': labelEn } : {}) };
}

function walkSchemas(value: unknown, fix: (s: Json) => Json): unknown {
  if (Array.isArray(value)) return value.map((v) => walkSchemas(v, fix));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = walkSchemas(v, fix);
  return fix(out);
}

/**
 * Completes the generated OpenAPI 3.1 document (issue 16 §4): nullable references that validate null,
 * the security schemes (session cookie; X-CSRF-Token on writes) on every operation that needs them and
 * none on the public ones, and an operationId on every operation. Throws on a duplicate operationId.
 */
export function completeDocument<D extends object>(generated: D, opts: { sessionCookie: string; csrfHeader: string }): D {
  const doc = walkSchemas(generated, (schema) => repairNullableRef(labelsAsExtensions(schema))) as Json;
  const components: Json = isObject(doc.components) ? doc.components : (doc.components = {});
  components.securitySchemes = {
    ...(isObject(components.securitySchemes) ? components.securitySchemes : {}),
    [SECURITY.session]: { type: 'apiKey', in: 'cookie', name: opts.sessionCookie, description: 'The session from POST /api/v1/auth/login (signed, HttpOnly).' },
    [SECURITY.csrf]: {
      type: 'apiKey',
      in: 'header',
      name: opts.csrfHeader,
      description: 'The session’s CSRF token (csrfToken of POST /api/v1/auth/login or GET /api/v1/auth/session); every write with a session cookie needs it.',
    },
  };
  const ids = new Map<string, string>();
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      op.operationId ??= operationIdOf(method, path);
      const id = String(op.operationId);
      const other = ids.get(id);
      if (other) throw new Error(`operationId ${id} of ${method.toUpperCase()} ${path} is also ${other}`);
      ids.set(id, `${method.toUpperCase()} ${path}`);
      if (op.security === undefined) {
        op.security = isAnonymousOperation(method, path)
          ? []
          : [SAFE.has(method) ? { [SECURITY.session]: [] } : { [SECURITY.session]: [], [SECURITY.csrf]: [] }];
      }
    }
  }
  return doc as D;
}

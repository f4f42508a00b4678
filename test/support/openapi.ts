/**
 * A small JSON Schema (2020-12 subset, as OpenAPI 3.1 uses it) validator for checking real answers
 * against the app's own OpenAPI document (issue 16 §4). It knows exactly the keywords the document uses
 * and throws on any other, so a schema it cannot check never passes silently.
 */

type Json = unknown;
type Schema = Record<string, unknown> | boolean;

export interface OpenApiDocument {
  openapi: string;
  /** Path items: operations by method, and other fields (parameters, summary). */
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
}

export interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
}

export interface SchemaProblem {
  /** Where in the value, e.g. `$.previous.status`. */
  at: string;
  problem: string;
}

/** Keywords that only describe and never constrain. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
]);
/** Keywords this validator checks. */
const CHECKED = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
  'format',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'propertyNames',
]);

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: Json, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return isObject(v);
    default:
      return typeOf(v) === type;
  }
}

const FORMATS: Record<string, (s: string) => boolean> = {
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  email: (s) => /^[^\s@]+@[^\s@]+$/.test(s),
  binary: () => true,
};

function equal(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Resolves a local `$ref` such as `#/components/schemas/BillingRun`. */
function resolve(doc: OpenApiDocument, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
  let node: Json = doc;
  for (const part of ref
    .slice(2)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))) {
    if (!isObject(node) || !(part in node)) throw new Error(`unresolved reference ${ref}`);
    node = node[part];
  }
  if (typeof node !== 'boolean' && !isObject(node)) throw new Error(`reference ${ref} is not a schema`);
  return node;
}

/** The problems of `value` against `schema` (empty when it is valid). */
export function validateSchema(doc: OpenApiDocument, schema: Schema, value: Json, at = '$'): SchemaProblem[] {
  if (schema === true) return [];
  if (schema === false) return [{ at, problem: 'no value is allowed here' }];
  const problems: SchemaProblem[] = [];
  const fail = (problem: string) => problems.push({ at, problem });
  for (const key of Object.keys(schema)) {
    // OpenAPI's own extensions (`x-label`, `x-label-en`) annotate; they never constrain a value.
    if (!CHECKED.has(key) && !ANNOTATIONS.has(key) && !key.startsWith('x-')) {
      throw new Error(`schema keyword "${key}" at ${at} is not supported by this validator`);
    }
  }
  const s: Record<string, Json> = schema;
  if (typeof s.$ref === 'string') problems.push(...validateSchema(doc, resolve(doc, s.$ref), value, at));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(value, t))) fail(`is ${typeOf(value)}, expected ${types.join(' or ')}`);
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => equal(e, value))) fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ('const' in s && !equal(s.const, value)) fail(`is not ${JSON.stringify(s.const)}`);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength) fail(`shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && length > s.maxLength) fail(`longer than ${s.maxLength}`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) fail(`does not match ${s.pattern}`);
    if (typeof s.format === 'string') {
      const check = FORMATS[s.format];
      if (!check) throw new Error(`format "${s.format}" at ${at} is not supported by this validator`);
      if (!check(value)) fail(`${JSON.stringify(value)} is not a ${s.format}`);
    }
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`above ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) fail(`not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) fail(`not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) fail(`fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) fail(`more than ${s.maxItems} items`);
    if (s.items !== undefined) value.forEach((item, i) => problems.push(...validateSchema(doc, s.items as Schema, item, `${at}[${i}]`)));
  }
  if (isObject(value)) {
    const properties = isObject(s.properties) ? (s.properties as Record<string, Schema>) : {};
    if (Array.isArray(s.required)) for (const r of s.required as string[]) if (!(r in value)) fail(`lacks required property "${r}"`);
    for (const [k, v] of Object.entries(value)) {
      const where = `${at}.${k}`;
      if (k in properties) problems.push(...validateSchema(doc, properties[k]!, v, where));
      else if (s.additionalProperties !== undefined) problems.push(...validateSchema(doc, s.additionalProperties as Schema, v, where));
      if (s.propertyNames !== undefined) problems.push(...validateSchema(doc, s.propertyNames as Schema, k, `${where} (name)`));
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) problems.push(...validateSchema(doc, sub, value, at));
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => validateSchema(doc, sub, value, at).length === 0)) fail('matches none of anyOf');
  if (Array.isArray(s.oneOf)) {
    const matches = (s.oneOf as Schema[]).filter((sub) => validateSchema(doc, sub, value, at).length === 0).length;
    if (matches !== 1) fail(`matches ${matches} of oneOf, expected exactly 1`);
  }
  if (s.not !== undefined && validateSchema(doc, s.not as Schema, value, at).length === 0) fail('matches "not"');
  return problems;
}

/** The documented path template and operation for a concrete request path (literal segments win over parameters). */
export function findOperation(doc: OpenApiDocument, method: string, path: string): { template: string; operation: Operation } | undefined {
  const segments = path.split('?')[0]!.split('/');
  let best: { template: string; operation: Operation; literals: number } | undefined;
  for (const [template, item] of Object.entries(doc.paths)) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const fits = parts.every((p, i) => {
      if (/^\{[^}]+\}$/.test(p)) return segments[i] !== '';
      if (p === segments[i]) literals++;
      return p === segments[i];
    });
    const operation = item[method.toLowerCase()] as Operation | undefined;
    if (fits && operation && (!best || literals > best.literals)) best = { template, operation, literals };
  }
  return best && { template: best.template, operation: best.operation };
}

/** The media type without parameters, lower case: `text/csv; charset=utf-8` → `text/csv`. */
export const essence = (mediaType: string) => mediaType.split(';')[0]!.trim().toLowerCase();

/**
 * Checks a real answer against the document: the status is documented for the operation, the answer's
 * media type is among those documented for that status, and a JSON body satisfies the schema.
 * Answers the list of problems (empty when the answer conforms).
 */
export async function checkResponse(doc: OpenApiDocument, method: string, path: string, res: Response): Promise<string[]> {
  const found = findOperation(doc, method, path);
  if (!found) return [`${method} ${path} is not in the document`];
  const { template, operation } = found;
  const documented = operation.responses[String(res.status)] ?? operation.responses[`${String(res.status)[0]}XX`] ?? operation.responses.default;
  if (!documented) return [`${method} ${template}: status ${res.status} is not documented`];
  const contentType = res.headers.get('content-type');
  const content = documented.content ?? {};
  if (contentType === null) {
    return Object.keys(content).length === 0 ? [] : [`${method} ${template} ${res.status}: no content-type, documented ${Object.keys(content).join(', ')}`];
  }
  const mediaType = Object.keys(content).find((m) => essence(m) === essence(contentType));
  if (mediaType === undefined) {
    return [`${method} ${template} ${res.status}: content-type ${contentType} is not documented (${Object.keys(content).join(', ') || 'none'})`];
  }
  const schema = content[mediaType]?.schema;
  if (schema === undefined || !/[/+]json$/.test(essence(mediaType))) return [];
  const body = (await res.clone().json()) as Json;
  return validateSchema(doc, schema, body).map((p) => `${method} ${template} ${res.status}: ${p.at} ${p.problem}`);
}

import { z } from '@hono/zod-openapi';
import type { FieldProblem } from './errors.ts';
import { swedishFor } from './messages.ts';
import { hasForbiddenCharacter, INT4_MAX } from './types.ts';

/**
 * Validation problems people can read (issue 16, "messages for developers"): every zod issue kind
 * gets a plain Swedish and English reason ("obligatoriskt", "högst 200 tecken", "ska vara ett datum"),
 * never the validator's own text, and the field is named by the label the schema gives it
 * (`.meta({ label: 'Serienummer' })`), else by a common Swedish name, else by a humanised key.
 */

/** What a schema may say about its field in `.meta()`. */
export interface FieldMeta {
  /** The Swedish label the form shows, e.g. `Serienummer`. */
  label?: string;
  /** The English label, e.g. `Serial number`. */
  labelEn?: string;
}

/** Swedish names of fields many schemas share, used when a schema gives no label of its own. */
const COMMON_LABELS: Record<string, [sv: string, en: string]> = {
  version: ['Version', 'Version'],
  name: ['Namn', 'Name'],
  title: ['Rubrik', 'Title'],
  subject: ['Ämne', 'Subject'],
  body: ['Text', 'Text'],
  description: ['Beskrivning', 'Description'],
  note: ['Anteckning', 'Note'],
  comment: ['Kommentar', 'Comment'],
  reason: ['Motivering', 'Reason'],
  date: ['Datum', 'Date'],
  from: ['Från', 'From'],
  to: ['Till', 'To'],
  start: ['Start', 'Start'],
  email: ['E-post', 'E-mail'],
  phone: ['Telefon', 'Phone'],
  username: ['Användarnamn', 'Username'],
  password: ['Lösenord', 'Password'],
  displayName: ['Namn', 'Name'],
  firstName: ['Förnamn', 'First name'],
  lastName: ['Efternamn', 'Last name'],
  serial: ['Serienummer', 'Serial number'],
  location: ['Placering', 'Location'],
  unitId: ['Enhet', 'Unit'],
  personId: ['Person', 'Person'],
  holderPersonId: ['Innehavare', 'Holder'],
  municipalityId: ['Kommun', 'Municipality'],
  municipality: ['Kommun', 'Municipality'],
  year: ['År', 'Year'],
  month: ['Månad', 'Month'],
  quantity: ['Antal', 'Quantity'],
  status: ['Status', 'Status'],
  code: ['Kod', 'Code'],
  q: ['Sökord', 'Search'],
  limit: ['Antal per sida', 'Page size'],
  cursor: ['Sida', 'Page'],
  id: ['Post', 'Record'],
};

/** `holderPersonId` → `Holder person`, `report_type` → `Report type`; '' when nothing readable is left. */
export function humanise(key: string): string {
  const words = key
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : '';
}

type AnySchema = z.core.$ZodType;

function metaOf(schema: AnySchema): FieldMeta | undefined {
  const meta = z.globalRegistry.get(schema) as FieldMeta | undefined;
  return meta && (meta.label !== undefined || meta.labelEn !== undefined) ? meta : undefined;
}

/** The wrapped schema of an optional, nullable, default, pipe…, or undefined. */
function inner(schema: AnySchema): AnySchema | undefined {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType as AnySchema;
    case 'pipe':
      return def.in as AnySchema;
    case 'lazy':
      return (def.getter as () => AnySchema)();
    default:
      return undefined;
  }
}

/** The label of the field at `path` in `root`: the outermost `.meta({ label })` on the way wins. */
export function labelAt(root: AnySchema | undefined, path: readonly PropertyKey[]): FieldMeta | undefined {
  let cur: AnySchema | undefined = root;
  for (let i = 0; cur?._zod && i <= path.length;) {
    const meta = i === path.length ? metaOf(cur) : undefined;
    if (meta) return meta;
    const unwrapped = inner(cur);
    if (unwrapped) {
      cur = unwrapped;
      continue;
    }
    if (i === path.length) return undefined;
    const key = path[i];
    const def = cur._zod.def as unknown as Record<string, unknown>;
    // Own keys only: a body key such as `valueOf` or `constructor` names no field of the schema.
    if (def.type === 'object') cur = Object.hasOwn(def.shape as object, String(key)) ? (def.shape as Record<string, AnySchema>)[String(key)] : undefined;
    else if (def.type === 'array') cur = def.element as AnySchema;
    else if (def.type === 'record') cur = def.valueType as AnySchema;
    else if (def.type === 'union') cur = (def.options as AnySchema[]).find((o) => labelAt(o, path.slice(i)) !== undefined);
    else if (def.type === 'intersection') cur = labelAt(def.left as AnySchema, path.slice(i)) ? (def.left as AnySchema) : (def.right as AnySchema);
    else return undefined;
    if (def.type === 'union' || def.type === 'intersection') return cur ? labelAt(cur, path.slice(i)) : undefined;
    i++;
  }
  return undefined;
}

/** The Swedish and English names of a field: the schema's label, a common name, or the humanised key. */
export function fieldNames(root: AnySchema | undefined, path: readonly PropertyKey[]): { sv: string; en: string } {
  const meta = labelAt(root, path);
  const last = [...path].reverse().find((k) => typeof k === 'string');
  const common = last === undefined || !Object.hasOwn(COMMON_LABELS, last) ? undefined : COMMON_LABELS[last];
  const human = last ? humanise(last) || undefined : undefined;
  return {
    sv: meta?.label ?? common?.[0] ?? human ?? 'Uppgifterna',
    en: meta?.labelEn ?? common?.[1] ?? human ?? 'The input',
  };
}

type Reason = { reason: string; reasonSv: string };

const TYPE_NAMES: Record<string, Reason> = {
  string: { reason: 'must be text', reasonSv: 'ska vara en text' },
  number: { reason: 'must be a number', reasonSv: 'ska vara ett tal' },
  int: { reason: 'must be a whole number', reasonSv: 'ska vara ett heltal' },
  bigint: { reason: 'must be a whole number', reasonSv: 'ska vara ett heltal' },
  boolean: { reason: 'must be yes or no', reasonSv: 'ska vara ja eller nej' },
  array: { reason: 'must be a list', reasonSv: 'ska vara en lista' },
  object: { reason: 'has the wrong form', reasonSv: 'har fel form' },
  date: { reason: 'must be a date', reasonSv: 'ska vara ett datum' },
};

const FORMATS: Record<string, Reason> = {
  email: { reason: 'must be an e-mail address', reasonSv: 'ska vara en e-postadress' },
  uuid: { reason: 'does not refer to a known record', reasonSv: 'hänvisar inte till någon känd post' },
  guid: { reason: 'does not refer to a known record', reasonSv: 'hänvisar inte till någon känd post' },
  url: { reason: 'must be a web address', reasonSv: 'ska vara en webbadress' },
  date: { reason: 'must be a date (YYYY-MM-DD)', reasonSv: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' },
  datetime: { reason: 'must be a date and time', reasonSv: 'ska vara datum och tid' },
  time: { reason: 'must be a time of day', reasonSv: 'ska vara ett klockslag' },
};

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * The plain reason for one zod issue. A text the schema registered with `bilingual()` wins; otherwise
 * the reason follows the issue's kind, so no validator wording reaches a person.
 */
export function reasonFor(issue: z.core.$ZodIssue): Reason {
  const own = swedishFor(issue.message);
  if (own !== undefined) return { reason: issue.message, reasonSv: own };
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return { reason: 'required', reasonSv: 'obligatoriskt' };
      return TYPE_NAMES[issue.expected] ?? { reason: 'has the wrong type', reasonSv: 'har fel typ' };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return min <= 1 ? { reason: 'required', reasonSv: 'obligatoriskt' } : { reason: `at least ${min} characters`, reasonSv: `minst ${min} tecken` };
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return min <= 1 ? { reason: 'choose at least one', reasonSv: 'välj minst en' } : { reason: `at least ${min}`, reasonSv: `minst ${min} st.` };
      }
      return issue.inclusive === false
        ? { reason: `must be greater than ${min}`, reasonSv: `ska vara större än ${min}` }
        : { reason: `at least ${min}`, reasonSv: `minst ${min}` };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') {
        return { reason: `at most ${max} ${plural(max, 'character', 'characters')}`, reasonSv: `för lång text (högst ${max} tecken)` };
      }
      if (issue.origin === 'array' || issue.origin === 'set') return { reason: `at most ${max}`, reasonSv: `högst ${max} st.` };
      if (max >= INT4_MAX) return { reason: 'the number is too large', reasonSv: 'talet är för stort' };
      return issue.inclusive === false
        ? { reason: `must be less than ${max}`, reasonSv: `ska vara mindre än ${max}` }
        : { reason: `at most ${max}`, reasonSv: `högst ${max}` };
    }
    case 'invalid_format':
      return FORMATS[issue.format] ?? { reason: 'has the wrong format', reasonSv: 'har fel format' };
    case 'not_multiple_of':
      return { reason: `must be a multiple of ${String(issue.divisor)}`, reasonSv: `ska vara en multipel av ${String(issue.divisor)}` };
    case 'invalid_value':
      return { reason: 'is not one of the allowed choices', reasonSv: 'är inte ett av de tillåtna valen' };
    case 'unrecognized_keys':
      return { reason: 'unknown field', reasonSv: 'okänt fält' };
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return { reason: 'has the wrong form', reasonSv: 'har fel form' };
    case 'custom':
      return { reason: issue.message && issue.message !== 'Invalid input' ? issue.message : 'is not valid', reasonSv: 'är inte giltigt' };
    default:
      return { reason: 'is not valid', reasonSv: 'är inte giltigt' };
  }
}

/**
 * Turns zod issues into field problems: `field` is the dotted path (`body` for the root) for the web
 * form to match, `label`/`labelEn` name it for people, `reason`/`reasonSv` say what is wrong.
 * @example zodProblems(ZUnitInput.safeParse(body).error!, '', ZUnitInput)
 */
export function zodProblems(error: z.ZodError, prefix = '', schema?: AnySchema): FieldProblem[] {
  return error.issues.flatMap((i) => {
    const keys = i.code === 'unrecognized_keys' ? i.keys : [undefined];
    return keys.map((k): FieldProblem => {
      const segments = [...i.path, ...(k === undefined ? [] : [k])];
      const path = segments.map(String).join('.');
      const field = prefix && path ? `${prefix}.${path}` : path || prefix || 'body';
      const names = fieldNames(schema, segments);
      return { field, label: names.sv, labelEn: names.en, ...reasonFor(i) };
    });
  });
}

/** Field problems for every string in `data` that holds a control character (NUL and the like). */
export function forbiddenTextProblems(data: unknown, prefix = '', schema?: AnySchema): FieldProblem[] {
  const out: FieldProblem[] = [];
  const walk = (value: unknown, path: PropertyKey[], depth: number): void => {
    if (depth > 20) return;
    if (typeof value === 'string') {
      if (hasForbiddenCharacter(value)) {
        const joined = path.map(String).join('.');
        const names = fieldNames(schema, path);
        out.push({
          field: prefix && joined ? `${prefix}.${joined}` : joined || prefix || 'body',
          label: names.sv,
          labelEn: names.en,
          reason: 'must not contain control characters',
          reasonSv: 'får inte innehålla styrtecken',
        });
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], depth + 1));
    else if (value && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Blob)) {
      for (const [k, v] of Object.entries(value)) {
        if (hasForbiddenCharacter(k)) out.push({ field: prefix || 'body', reason: 'unknown field', reasonSv: 'okänt fält' });
        walk(v, [...path, k], depth + 1);
      }
    }
  };
  walk(data, [], 0);
  return out;
}

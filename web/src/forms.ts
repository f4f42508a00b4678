/**
 * Issue 16: a form checks its required fields before it sends anything, and names each missing field
 * by the label the form shows ("Fyll i efternamn."), so nobody meets the server's refusal for a field
 * they simply forgot. One pure function every form calls in its submit handler; the server still
 * checks everything (this is a courtesy, not a rule).
 */

/** A required field: the label the form shows for it, and whether it is chosen (select) or typed. */
export interface RequiredField {
  label: string;
  /** `choose` for selects, radio groups and pickers ("Välj enhet."); `fill` for typed text (default). */
  kind?: 'fill' | 'choose';
}

/**
 * The required fields of a form, by the path of each value: a key of the values, or a dotted path into
 * them (`accountingCodes.ansvar`), the names the server's field problems use.
 */
export type RequiredFields<T> = Partial<Record<keyof T & string, RequiredField>> & { [path: `${string}.${string}`]: RequiredField | undefined };

/** The value at `path` in `values`: the key itself when the values have it, else the dotted path walked. */
export function valueAt(values: object, path: string): unknown {
  if (path in values) return (values as Record<string, unknown>)[path];
  let value: unknown = values;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The blank values: empty or whitespace-only text, an empty list, null and undefined. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * The problems of the required fields left blank in `values`, keyed by field as the form's `error`
 * props are, each a Swedish (or English) sentence made by `say` from the form's label: for example
 * `requiredProblems(form, { lastName: { label: 'efternamn' } }, (key, field) => t(key, { field }))`.
 * A dotted key (`accountingCodes.ansvar`) names a value inside the form's values. An empty object
 * means every required field is filled in. Forms call it through `useSamdeskForm` (form.ts).
 */
export function requiredProblems<T extends object>(
  values: T,
  required: RequiredFields<T>,
  say: (key: 'app.fillIn' | 'app.choose', field: string) => string,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, field] of Object.entries<RequiredField | undefined>(required)) {
    if (!field || !isBlank(valueAt(values, key))) continue;
    problems[key] = say(field.kind === 'choose' ? 'app.choose' : 'app.fillIn', field.label.toLocaleLowerCase('sv'));
  }
  return problems;
}

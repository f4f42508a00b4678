/**
 * Issue 17 §5: every form of the web app through one helper on `@mantine/form`. It wires what each
 * form used to write by hand: the values (one state), the required fields checked before anything is
 * sent and named by the form's labels (issue 16, `requiredProblems` in forms.ts: "Fyll i efternamn."),
 * the server's field problems placed on the inputs that show them, and the sending state.
 *
 * A form's own problems (the required fields, `check`) take precedence over the server's on the same
 * field and go when that field is changed through `set`, `text` or `checkbox`; `setValues` changes
 * values without touching any problem (a reload, a field that resets another). The server's problems
 * stay until the form is sent again or the action is reset.
 */
import { useForm, type UseFormReturnType } from '@mantine/form';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from './api.ts';
import { requiredProblems, type RequiredFields } from './forms.ts';
import { useLocale } from './session.tsx';

/** What a form is made of: see {@link useSamdeskForm}. */
export interface SamdeskFormOptions<Values extends object> {
  /** The values the form opens with. */
  initialValues: Values;
  /** The required fields for these values, by path, each with the label the form shows for it. */
  required?: (values: Values) => RequiredFields<Values>;
  /**
   * More problems the form can see before sending (a rule of the server the web runs too, an amount
   * that does not parse), by path, in the order they should be met. A required field's problem wins
   * on the same path; these come after the required fields'.
   */
  check?: (values: Values) => Record<string, string>;
  /** What sending does: usually a mutation whose variables are the form's values. Its error and pending state are the form's. */
  action: { mutate: (values: Values) => void; isPending: boolean; error: unknown };
  /** The form's path for a server problem's field (default: the same); undefined leaves the problem to the form's alert. */
  problemPath?: (field: string) => string | undefined;
  /** Called instead of sending when the form has problems, with them in order (for instance to focus the first). */
  onInvalid?: (problems: Record<string, string>) => void;
}

/** The keys of `Values` whose values are of type `T`. */
type KeysOf<Values, T> = { [K in keyof Values & string]: Values[K] extends T ? K : never }[keyof Values & string];

export interface SamdeskForm<Values extends object> {
  /** The Mantine form underneath, for what the helper does not wrap. */
  mantine: UseFormReturnType<Values>;
  /** The values as they are now. */
  values: Values;
  /** The problem shown on each field: the form's own, else the server's. */
  errors: Record<string, string | undefined>;
  /** Sets one value and takes that field's own problem away. */
  set: <K extends keyof Values & string>(key: K, value: Values[K]) => void;
  /** Sets some values, leaving every problem as it is. */
  setValues: (values: Partial<Values> | ((current: Values) => Partial<Values>)) => void;
  /** Takes the form's own problems on these paths away. */
  clear: (...paths: string[]) => void;
  /** `value`, `onChange` and `error` for a text input, textarea or native select of a text value. */
  text: <K extends KeysOf<Values, string>>(
    key: K,
  ) => { value: string; onChange: (event: { currentTarget: { value: string } }) => void; error: string | undefined };
  /** `checked` and `onChange` for a checkbox of a yes/no value. */
  checkbox: <K extends KeysOf<Values, boolean>>(key: K) => { checked: boolean; onChange: (event: { currentTarget: { checked: boolean } }) => void };
  /** The form's `onSubmit`: checks, then sends the values, or shows the problems and sends nothing. */
  submit: (event?: FormEvent<HTMLFormElement>) => void;
  /** Whether the values are being sent. */
  submitting: boolean;
}

/**
 * A form's values, checks, problems and sending, on `@mantine/form`.
 *
 * @example
 * const save = useMutation({ mutationFn: (values: PersonForm) => api.post('/api/v1/people', values) });
 * const form = useSamdeskForm({ initialValues, required: () => ({ lastName: { label: t('org.lastName') } }), action: save });
 * <form onSubmit={form.submit} noValidate>
 *   <TextInput label={t('org.lastName')} required {...form.text('lastName')} />
 *   <Button type="submit" loading={form.submitting}>…</Button>
 * </form>
 */
export function useSamdeskForm<Values extends object>(options: SamdeskFormOptions<Values>): SamdeskForm<Values> {
  const { initialValues, required, check, action, problemPath, onInvalid } = options;
  const { t } = useTranslation();
  const locale = useLocale();
  const problemsOf = (values: Values): Record<string, string> => {
    const problems = required ? requiredProblems(values, required(values), (key, field) => t(key, { field })) : {};
    for (const [path, problem] of Object.entries(check?.(values) ?? {})) if (!(path in problems)) problems[path] = problem;
    return problems;
  };
  // Problems go when their own field changes (`set`), not on every change: `setValues` keeps them.
  const mantine = useForm<Values>({ mode: 'controlled', initialValues, validate: problemsOf, clearInputErrorOnChange: false });
  const own: Record<string, string> = {};
  for (const [path, problem] of Object.entries(mantine.errors)) if (typeof problem === 'string') own[path] = problem;
  const errors: Record<string, string | undefined> = { ...fieldErrors(action.error, locale, problemPath), ...own };
  const values = mantine.values;
  const set = <K extends keyof Values & string>(key: K, value: Values[K]) => {
    const patch: Partial<Values> = {};
    patch[key] = value;
    mantine.setValues(patch);
    mantine.clearFieldError(key);
  };
  return {
    mantine,
    values,
    errors,
    set,
    setValues: (next) => mantine.setValues(next instanceof Function ? next(mantine.getValues()) : next),
    clear: (...paths) => {
      for (const path of paths) mantine.clearFieldError(path);
    },
    text: (key) => {
      const value: unknown = values[key];
      return {
        value: typeof value === 'string' ? value : '',
        onChange: (event) => set(key, event.currentTarget.value as Values[typeof key]),
        error: errors[key],
      };
    },
    checkbox: (key) => ({
      checked: values[key] === true,
      onChange: (event) => set(key, event.currentTarget.checked as Values[typeof key]),
    }),
    submit: mantine.onSubmit(
      (checked) => action.mutate(checked),
      (problems) => {
        const texts: Record<string, string> = {};
        for (const [path, problem] of Object.entries(problems)) if (typeof problem === 'string') texts[path] = problem;
        onInvalid?.(texts);
      },
    ),
    submitting: action.isPending,
  };
}

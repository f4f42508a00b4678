/** Schema error messages in two languages (no imports: usable from any schema, pure ones too). */
const SWEDISH_MESSAGES = new Map<string, string>();

/**
 * A schema's own error message in both languages: returns the English text for zod and remembers the
 * Swedish one, which the problem document then carries as `reasonSv`.
 * @example z.string().regex(/^\d{4}$/, bilingual('four digits', 'fyra siffror'))
 */
export function bilingual(en: string, sv: string): string {
  SWEDISH_MESSAGES.set(en, sv);
  return en;
}

/** The Swedish text registered for an English schema message, if any. */
export function swedishFor(en: string): string | undefined {
  return SWEDISH_MESSAGES.get(en);
}

/**
 * The English texts' type: the Swedish texts' shape with every string widened to `string`, so English
 * must have every key Swedish has (and no other), while the Swedish object stays the source of the
 * typed keys (web/src/i18n.ts). Each capability's texts.ts types its English object with it.
 */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

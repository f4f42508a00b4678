/**
 * UI texts. Swedish is the default; English is selectable. Every visible string goes through
 * i18next, and the document's `lang` attribute follows the language (WCAG 3.1.1). The texts live with
 * their capability and web/src/texts.ts composes them; the Swedish texts type the keys, so `t()` with
 * a key that does not exist does not compile.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, sv, type Texts } from './texts.ts';
import type { Locale } from './types.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Texts };
  }
}

const STORAGE_KEY = 'samdesk.locale';

export function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export function currentLocale(): Locale {
  return i18n.resolvedLanguage === 'en' ? 'en' : 'sv';
}

void i18n.use(initReactI18next).init({
  resources: { sv: { translation: sv }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: 'sv',
  supportedLngs: ['sv', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocument(lng: string): void {
  document.documentElement.lang = lng === 'en' ? 'en' : 'sv';
}
syncDocument(i18n.language);
i18n.on('languageChanged', syncDocument);

export default i18n;

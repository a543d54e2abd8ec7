import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'onething.language';

/**
 * Every area owns its strings in `src/<area>/locales/<language>.json`; the namespace is the area's name
 * (`app`, `apply`, `work`, `admin`, `ops`). They are small, so they ship with the first load.
 */
const files = import.meta.glob<Record<string, unknown>>('../*/locales/*.json', {
  eager: true,
  import: 'default',
});

function resourcesOf(): Record<string, Record<string, Record<string, unknown>>> {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, strings] of Object.entries(files)) {
    const match = /\.\.\/([^/]+)\/locales\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, namespace, language] = match;
    (resources[language] ??= {})[namespace] = strings;
  }
  return resources;
}

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : 'zh-CN';
}

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  setApiLanguage(language);
}

export async function setupI18n(): Promise<typeof i18next> {
  const language = initialLanguage();
  applyLanguage(language);
  await i18next.use(initReactI18next).init({
    resources: resourcesOf(),
    lng: language,
    fallbackLng: 'zh-CN',
    ns: ['app', 'apply', 'work', 'admin', 'ops'],
    defaultNS: 'app',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  i18next.on('languageChanged', (next) => {
    applyLanguage(next);
    localStorage.setItem(STORAGE_KEY, next);
  });
  return i18next;
}

/** Localised date and time, e.g. 2026年12月1日 14:30 / Dec 1, 2026, 2:30 PM. */
export function formatDateTime(value: string | number | Date, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}

export function formatDate(value: string | number | Date, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(value));
}

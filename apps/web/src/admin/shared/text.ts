import type { LocalizedText } from './types';

/** A definition's bilingual text in the page's language (zh-CN when the other is missing). */
export function localized(text: LocalizedText | null | undefined, language: string): string {
  if (!text) return '';
  return text[language] ?? text['zh-CN'] ?? Object.values(text)[0] ?? '';
}

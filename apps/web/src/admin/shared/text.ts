import type { DefinitionIssue, LocalizedText } from './types';

/** A definition's bilingual text in the page's language (zh-CN when the other is missing). */
export function localized(text: LocalizedText | null | undefined, language: string): string {
  if (!text) return '';
  return text[language] ?? text['zh-CN'] ?? Object.values(text)[0] ?? '';
}

/** A definition issue's message in the page's language (English, then the code, when it has none). */
export function issueMessage(issue: DefinitionIssue, language: string): string {
  const message: LocalizedText = issue.message;
  return message[language] ?? message.en ?? issue.code;
}

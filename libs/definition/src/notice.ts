import type { MergedOutcome } from './scheduling';
import type { Definition, Locale } from './schema';

// The one result notice (一次告知): the definition's template for the merged result, filled with the
// titles of the steps in each state, so the applicant reads one answer instead of one per department.

export const NOTICE_PLACEHOLDERS = [
  'title',
  'caseId',
  'approvedSteps',
  'rejectedSteps',
  'partialSteps',
  'skippedSteps',
] as const;
export type NoticePlaceholder = (typeof NOTICE_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

export function isNoticePlaceholder(name: string): name is NoticePlaceholder {
  return (NOTICE_PLACEHOLDERS as readonly string[]).includes(name);
}

export function renderNotice(
  definition: Definition,
  merged: MergedOutcome,
  options: { locale: Locale; caseId: string },
): string {
  const separator = options.locale === 'zh-CN' ? '、' : ', ';
  const titles = (ids: string[]): string =>
    ids
      .map((id) => definition.steps.find((step) => step.id === id)?.title[options.locale] ?? id)
      .join(separator);
  const values: Record<NoticePlaceholder, string> = {
    title: definition.title[options.locale],
    caseId: options.caseId,
    approvedSteps: titles(merged.approved),
    rejectedSteps: titles([...merged.rejected, ...merged.blocked]),
    partialSteps: titles(merged.partial),
    skippedSteps: titles(merged.skipped),
  };
  const template = definition.outcome.notice[merged.result][options.locale];
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    isNoticePlaceholder(name) ? values[name] : whole,
  );
}

import Mustache from 'mustache';
import type { MergedOutcome } from './scheduling';
import type { Definition, Locale, LocalizedText } from './schema';

// The one result notice (一次告知): the definition's Mustache template for the merged result, filled with
// the titles of the steps in each state, so the applicant reads one answer instead of one per department.
//
// Notices are plain text (the in-app inbox shows them as text; other channels escape for their own
// medium at their edge), so values are inserted as they are: HTML-escaping here would show `&amp;` to
// the applicant. `{{x}}` and `{{{x}}}` therefore mean the same.

export const NOTICE_PLACEHOLDERS = [
  'title',
  'caseId',
  'caseRef',
  'approvedSteps',
  'rejectedSteps',
  'partialSteps',
  'skippedSteps',
  'submittedDate',
  'completedDate',
  'outputs',
] as const;
export type NoticePlaceholder = (typeof NOTICE_PLACEHOLDERS)[number];

type Token = [type: string, value: string, start: number, end: number, children?: unknown];

/** A fresh writer per call: the module's default writer keeps a global template cache. */
const parse = (template: string): Token[] => new Mustache.Writer().parse(template) as Token[];

/** Every name a template reads (sections included), or the reason it is not a usable template. */
export function inspectTemplate(
  template: string,
): { ok: true; placeholders: string[] } | { ok: false; problem: string } {
  let tokens: Token[];
  try {
    tokens = parse(template);
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  const placeholders: string[] = [];
  const visit = (list: Token[]): string | undefined => {
    for (const [type, value, start, , children] of list) {
      if (type === '>') return `partials are not supported ("${value}" at ${start})`;
      if (type === 'name' || type === '&' || type === '#' || type === '^') placeholders.push(value);
      if ((type === '#' || type === '^') && Array.isArray(children)) {
        const problem = visit(children as Token[]);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  const problem = visit(tokens);
  return problem ? { ok: false, problem } : { ok: true, placeholders };
}

export function isNoticePlaceholder(name: string): name is NoticePlaceholder {
  return (NOTICE_PLACEHOLDERS as readonly string[]).includes(name);
}

/** Renders a plain-text template (no HTML escaping; see above). */
export function renderTemplate(template: string, view: Readonly<Record<string, string | number>>): string {
  return new Mustache.Writer().render(template, view, undefined, {
    escape: (value: unknown) => String(value),
  });
}

/** A short reference a person can read out on the phone: the case id's first 8 hex digits, upper case. */
export function caseReference(caseId: string): string {
  return caseId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** `A、B和C` / `A, B, and C`. */
export function formatList(items: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }).format(items);
}

/** The date in China Standard Time, the legal calendar of the cases: `2026年11月29日` / `November 29, 2026`. */
export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(date);
}

/** An applicant-visible output as the notice shows it. */
export interface NoticeOutput {
  type: string;
  label: LocalizedText;
  value: unknown;
}

/**
 * One line per output: `证书编号：RC-2026-0001`. A document shows its name and the reference the applicant
 * downloads it by (the case's result lists it too).
 */
export function formatOutputs(outputs: readonly NoticeOutput[], locale: Locale): string {
  const separator = locale === 'zh-CN' ? '：' : ': ';
  return outputs
    .map(({ type, label, value }) => `${label[locale]}${separator}${formatOutputValue(type, value, locale)}`)
    .join('\n');
}

function formatOutputValue(type: string, value: unknown, locale: Locale): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const record = value as Record<string, unknown>;
  if (type === 'document') {
    const download = locale === 'zh-CN' ? '下载' : 'download';
    return `${String(record['name'])} (${download}: ${String(record['ref'])})`;
  }
  // An address: its parts in order.
  return ['province', 'city', 'district', 'detail']
    .map((part) => record[part])
    .filter((part) => typeof part === 'string' && part !== '')
    .join(locale === 'zh-CN' ? '' : ', ');
}

export function renderNotice(
  definition: Definition,
  merged: MergedOutcome,
  options: {
    locale: Locale;
    caseId: string;
    submittedAt?: Date;
    completedAt?: Date;
    /** The applicant-visible outputs of the steps. */
    outputs?: readonly NoticeOutput[];
  },
): string {
  const { locale } = options;
  const titles = (ids: string[]): string =>
    formatList(
      ids.map((id) => definition.steps.find((step) => step.id === id)?.title[locale] ?? id),
      locale,
    );
  const values: Record<NoticePlaceholder, string> = {
    title: definition.title[locale],
    caseId: options.caseId,
    caseRef: caseReference(options.caseId),
    approvedSteps: titles(merged.approved),
    rejectedSteps: titles([...merged.rejected, ...merged.blocked]),
    partialSteps: titles(merged.partial),
    skippedSteps: titles(merged.skipped),
    submittedDate: options.submittedAt ? formatDate(options.submittedAt, locale) : '',
    completedDate: formatDate(options.completedAt ?? new Date(), locale),
    outputs: formatOutputs(options.outputs ?? [], locale),
  };
  return renderTemplate(noticeTemplate(definition, merged.result)[locale], values);
}

/** Said when no step ran and the definition words no notice of its own for it. */
export const NOT_APPLICABLE_NOTICE: LocalizedText = {
  'zh-CN':
    '您申请的「{{title}}」（编号 {{caseRef}}）经核查不适用于您的情况，各部门均未办理，无需进一步操作。',
  en: 'Your application for {{title}} (ref. {{caseRef}}) does not apply to your situation: no department acted on it, and nothing more is needed.',
};

function noticeTemplate(definition: Definition, result: MergedOutcome['result']): LocalizedText {
  const { notice } = definition.outcome;
  return result === 'not_applicable' ? (notice.notApplicable ?? NOT_APPLICABLE_NOTICE) : notice[result];
}

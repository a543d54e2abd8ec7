import { caseToday, CASE_TIME_ZONE } from './case-dates';
import { compileCondition, evaluateCondition } from './conditions';
import type { Definition, LocalizedText } from './schema';

// Eligibility (申请条件): case-level rules that must all hold for an application to be accepted. They are
// checked at submission, against the submission instant's date in the case's time zone, so the same
// application submitted at the same instant always gets the same answer.

export interface EligibilityRuleInfo {
  id: string;
  /** The CEL text, for editors and clients that evaluate it themselves. */
  rule: string;
  message: LocalizedText;
  /** Application field ids the rule reads. */
  fields: string[];
  /** Where in the application it reads: field ids, with members below them (`address.city`). */
  paths: string[];
  /** The rule depends on the submission date (it calls `today()` or `ageInYears()`). */
  usesToday: boolean;
}

export interface EligibilityFailure extends EligibilityRuleInfo {
  /** `not-met`: the rule is false; `not-evaluable`: the answers it needs are missing or of the wrong form. */
  reason: 'not-met' | 'not-evaluable';
}

export type EligibilityResult = { eligible: true } | { eligible: false; failed: EligibilityFailure[] };

/** The definition's rules with the fields each reads (as the composed form and the plan show them). */
export function eligibilityRules(definition: Pick<Definition, 'eligibility'>): EligibilityRuleInfo[] {
  return (definition.eligibility ?? []).map(({ id, rule, message }) => {
    const compiled = compileCondition(rule);
    const references = compiled.ok ? compiled.condition.references : undefined;
    return {
      id,
      rule,
      message,
      fields: references?.fields ?? [],
      paths: references?.fieldPaths ?? [],
      usesToday: references?.usesToday ?? false,
    };
  });
}

/**
 * Every rule against the application at `submittedAtMs`. A rule that cannot be evaluated (a missing
 * optional answer) counts as not met: eligibility is never assumed.
 */
export function checkEligibility(
  definition: Pick<Definition, 'eligibility'>,
  application: Readonly<Record<string, unknown>>,
  submittedAtMs: number,
  timeZone: string = CASE_TIME_ZONE,
): EligibilityResult {
  const today = caseToday(submittedAtMs, timeZone);
  const failed: EligibilityFailure[] = [];
  for (const info of eligibilityRules(definition)) {
    const result = evaluateCondition(info.rule, { fields: { ...application }, steps: {}, today });
    if (!result.ok) failed.push({ ...info, reason: 'not-evaluable' });
    else if (!result.value) failed.push({ ...info, reason: 'not-met' });
  }
  return failed.length === 0 ? { eligible: true } : { eligible: false, failed };
}

/** Field ids the eligibility rules read: asked in the form although no department may receive them. */
export function fieldsReadByEligibility(definition: Pick<Definition, 'eligibility'>): string[] {
  return [...new Set(eligibilityRules(definition).flatMap((rule) => rule.fields))];
}

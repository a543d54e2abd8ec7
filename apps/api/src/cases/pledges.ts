import { DEFAULT_PLEDGE_TEXT, type Definition, type LocalizedText } from '@onething/definition';
import { ApiError, ApiErrorCode } from '@onething/http';
import type { PledgeRow } from '@onething/persistence';
import type { PledgeView } from './case.dto';

/** A pledge as it will be recorded: the step and the text the applicant signed. */
export interface SignedPledge {
  stepId: string;
  text: LocalizedText;
}

/**
 * The pledges (承诺办) a submission signs: any of the definition's pledged steps (the applicant may prefer
 * the ordinary review); a step without a pledge is refused (400 at `path`), and nothing is stored.
 */
export function signedPledges(
  definition: Definition,
  signed: readonly string[] | undefined,
  path: string,
): SignedPledge[] {
  const pledged = definition.steps.filter((step) => step.pledge !== undefined);
  const given = new Set(signed ?? []);
  const unknown = [...given].find((stepId) => !pledged.some((step) => step.id === stepId));
  if (unknown !== undefined)
    throw new ApiError(ApiErrorCode.ValidationFailed, `${path}: step ${unknown} asks for no pledge`, path, [
      { code: 'NO_PLEDGE', message: `Step ${unknown} asks for no pledge`, path },
    ]);
  return pledged
    .filter((step) => given.has(step.id))
    .map((step) => ({ stepId: step.id, text: step.pledge!.text ?? DEFAULT_PLEDGE_TEXT }));
}

export function toPledgeView(row: PledgeRow): PledgeView {
  return {
    stepId: row.stepId,
    text: row.text,
    signedAt: row.signedAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

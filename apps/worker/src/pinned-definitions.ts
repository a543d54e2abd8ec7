import { ApplicationFailure } from '@temporalio/common';
import type { Definition } from '@onething/definition';
import type { DefinitionRef, PinnedDefinitions } from '@onething/orchestration';
import { ActivityFailureType } from '@onething/case-model';

/**
 * The definition a case is pinned to, from the process's one store (kept once read). Retrying cannot
 * make a missing version appear, so its absence fails the activity for good.
 */
export async function pinnedDefinition(
  definitions: PinnedDefinitions,
  ref: DefinitionRef,
): Promise<Definition> {
  const found = await definitions.get(ref);
  if (!found) {
    throw ApplicationFailure.nonRetryable(
      `No published definition ${ref.definitionKey}@${ref.definitionVersion}`,
      ActivityFailureType.UnknownDefinition,
    );
  }
  return found;
}

import { compileCondition } from './conditions';
import { DefinitionIssueCode as Code, issue, localized } from './errors';
import type { DefinitionIssue, JsonPath } from './errors';
import { conditionIssue } from './graph-checks';
import type { Indexed, Salvaged } from './salvage';
import type { Step } from './schema';

// The proactive trigger (免申即享) and pledge mode (承诺办): what the schema cannot say about them.

/** The trigger's eligibility reads only the event; its prefill names form fields an event can carry. */
export function triggerChecks(definition: Salvaged): DefinitionIssue[] {
  const trigger = definition.trigger;
  if (trigger === undefined) return [];
  const issues = triggerEligibilityIssues(trigger.eligibility, ['trigger', 'eligibility']);
  const fields = new Map(definition.fields.map(({ value }) => [value.id, value]));
  for (const fieldId of Object.keys(trigger.prefill ?? {})) {
    const at: JsonPath = ['trigger', 'prefill', fieldId];
    const field = fields.get(fieldId);
    if (field === undefined && !definition.fieldIds.has(fieldId)) {
      issues.push(
        issue(
          Code.TriggerPrefillUnknownField,
          at,
          localized(
            `触发事件预填了不存在的字段：${fieldId}`,
            `The trigger prefills an unknown field: ${fieldId}`,
          ),
          { fieldId },
        ),
      );
    } else if (field?.type === 'attachment') {
      issues.push(
        issue(
          Code.TriggerPrefillAttachment,
          at,
          localized(
            `事件不携带文件，不能预填附件字段 ${fieldId}。`,
            `An event carries no files: it cannot prefill the attachment field ${fieldId}.`,
          ),
          { fieldId },
        ),
      );
    }
  }
  return issues;
}

function triggerEligibilityIssues(expression: string, at: JsonPath): DefinitionIssue[] {
  const compiled = compileCondition(expression);
  if (!compiled.ok) return [conditionIssue(compiled, at)];
  const { references, type, constant } = compiled.condition;
  const issues: DefinitionIssue[] = [];
  if (type !== 'bool' && type !== 'dyn')
    issues.push(
      issue(
        Code.ConditionNotBoolean,
        at,
        localized(`条件的类型是 ${type}，不是布尔值。`, `Condition has type ${type}, not bool.`),
      ),
    );
  const application = [
    ...references.fields.map((id) => `fields.${id}`),
    ...references.steps.map((id) => `steps.${id}`),
  ];
  for (const name of application)
    issues.push(
      issue(
        Code.TriggerReadsApplication,
        at,
        localized(
          `触发条件只能读取事件（event.data.<路径>），不能读取：${name}`,
          `A trigger's eligibility reads only the event (event.data.<path>), not: ${name}`,
        ),
        { reference: name },
      ),
    );
  for (const name of references.invalid.filter((found) => found !== 'event'))
    issues.push(
      issue(
        Code.ConditionInvalidReference,
        at,
        localized(
          `触发条件只能引用 event，不能引用：${name}`,
          `A trigger's eligibility may only use event, not: ${name}`,
        ),
        { reference: name },
      ),
    );
  if (constant === false)
    issues.push(
      issue(
        Code.TriggerNeverEligible,
        at,
        localized(
          '触发条件恒为假：任何事件都不会发起办件。',
          'The trigger eligibility is always false: no event could start a case.',
        ),
      ),
    );
  return issues;
}

/** A pledged step is verified by a later step whose rejection can undo it. */
export function pledgeChecks(definition: Salvaged): DefinitionIssue[] {
  const steps = new Map(definition.steps.map(({ value }) => [value.id, value]));
  return definition.steps.flatMap((indexed) =>
    indexed.value.pledge === undefined ? [] : pledgedStepIssues(indexed, steps, definition.stepIds),
  );
}

function pledgedStepIssues(
  { index, value: step }: Indexed<Step>,
  steps: ReadonlyMap<string, Step>,
  stepIds: ReadonlySet<string>,
): DefinitionIssue[] {
  const pledge = step.pledge!;
  const at = (...rest: JsonPath): JsonPath => ['steps', index, ...rest];
  const issues = verificationIssues(step, steps, stepIds, at('pledge', 'verification'));
  if (step.compensate === undefined)
    issues.push(
      issue(
        Code.PledgeWithoutCompensation,
        at('pledge'),
        localized(
          `承诺办步骤 ${step.id} 须声明 compensate（核查不实时撤销批准）。`,
          `Pledged step ${step.id} needs compensate: a failed verification must be able to revoke its approval.`,
        ),
      ),
    );
  else if (step.compensate.when !== undefined && !step.compensate.when.includes('dependency-rejected'))
    issues.push(
      issue(
        Code.PledgeNotRevocable,
        at('compensate', 'when'),
        localized(
          `承诺办步骤 ${step.id} 的 compensate.when 须包含 dependency-rejected：核查步骤 ${pledge.verification} 驳回时才会撤销。`,
          `Pledged step ${step.id}: compensate.when must list dependency-rejected, so that a rejection by its verification ${pledge.verification} revokes it.`,
        ),
      ),
    );
  if (step.outputs.some((output) => output.required))
    issues.push(
      issue(
        Code.PledgeStepOutputs,
        at('outputs'),
        localized(
          `承诺办步骤 ${step.id} 凭承诺即批准，没有人产出其必需输出。`,
          `Pledged step ${step.id} approves on the pledge: nobody produces its required outputs.`,
        ),
      ),
    );
  return issues;
}

function verificationIssues(
  step: Step,
  steps: ReadonlyMap<string, Step>,
  stepIds: ReadonlySet<string>,
  at: JsonPath,
): DefinitionIssue[] {
  const verificationId = step.pledge!.verification;
  const verification = steps.get(verificationId);
  if (verificationId === step.id)
    return [
      issue(
        Code.PledgeVerificationSelf,
        at,
        localized(`步骤 ${step.id} 不能核查自己的承诺。`, `Step ${step.id} cannot verify its own pledge.`),
      ),
    ];
  if (verification === undefined)
    return stepIds.has(verificationId)
      ? []
      : [
          issue(
            Code.PledgeUnknownVerification,
            at,
            localized(`核查步骤不存在：${verificationId}`, `Unknown verification step: ${verificationId}`),
            { stepId: verificationId },
          ),
        ];
  const issues: DefinitionIssue[] = [];
  if (!verification.after.includes(step.id))
    issues.push(
      issue(
        Code.PledgeVerificationNotAfter,
        at,
        localized(
          `核查步骤 ${verificationId} 须在 after 中列出 ${step.id}。`,
          `Verification step ${verificationId} must list ${step.id} in after.`,
        ),
        { stepId: verificationId },
      ),
    );
  if (verification.pledge !== undefined)
    issues.push(
      issue(
        Code.PledgeVerificationPledged,
        at,
        localized(
          `核查步骤 ${verificationId} 本身也凭承诺批准，无人核查。`,
          `Verification step ${verificationId} is itself approved on a pledge: nothing would verify it.`,
        ),
        { stepId: verificationId },
      ),
    );
  return issues;
}

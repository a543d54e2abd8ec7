import {
  checkEligibility,
  compileCondition,
  composeForm,
  contractEntries,
  evaluateCondition,
  projectContract,
  residentIdCheckCharacter,
  stepOutputs,
  type Definition,
  type Field,
  type StepOutput,
} from '@onething/definition';

/**
 * Values for the data-contract sweep: an application that fills every field the composed form asks, with
 * values the simulated departments approve, and the choices (booleans, enum options) that make as many
 * of the definition's conditions true as possible, so conditional steps and conditional contract entries
 * are reached.
 */

/** A valid resident ID whose record-based rules all pass in the simulated departments (see rules.ts). */
export function approvedResidentId(sequenceDigit: number): string {
  for (let tens = 1; tens < 10; tens += 1) {
    // Digits 16-17 are the contribution months (≥ 6); digit 17 decides degree (1-3: doctorate) and
    // property (9: owns one); a check character of 3 or 4 means tax arrears or a credit record.
    const first17 = `31010419900101${tens}${tens}${sequenceDigit}`;
    const check = residentIdCheckCharacter(first17);
    if (check !== '3' && check !== '4') return first17 + check;
  }
  throw new Error(`no approvable resident ID with sequence digit ${sequenceDigit}`);
}

/** A value the field's declaration accepts; text carries the field id so a leak names its source. */
export function fieldValue(field: Field, today: Date): unknown {
  switch (field.type) {
    case 'text': {
      const value = `样例${field.id}`;
      const max = field.maxLength ?? value.length;
      return value.slice(0, max).padEnd(field.minLength ?? 0, '值');
    }
    case 'number': {
      const low = field.minimum ?? 0;
      const high = field.maximum ?? low + 1000;
      return Math.min(high, Math.max(low, 36));
    }
    case 'date':
      return new Date(today.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
    case 'enum':
      return field.options[0].value;
    case 'boolean':
      return true;
    case 'phone':
      return '13800138000';
    case 'address':
      return { province: '上海市', city: '上海市', district: '浦东新区', detail: `${field.id}路1号` };
    case 'cn-resident-id':
      return approvedResidentId(field.id === 'residentId' ? 1 : 2);
    case 'attachment':
      throw new Error('attachments are uploaded, not generated');
  }
}

/** A value for a decided step's output. */
export function outputValue(output: StepOutput, today: Date): unknown {
  switch (output.type) {
    case 'enum':
      return output.options?.[0]?.value;
    case 'document':
      throw new Error(`document outputs are not generated (${output.id})`);
    default:
      return fieldValue({ id: output.id, type: output.type, label: output.label, required: true }, today);
  }
}

/** Every CEL condition of the definition: step conditions and conditional contract entries. */
function conditionsOf(definition: Definition): string[] {
  return definition.steps.flatMap((step) => [
    ...(step.when ? [step.when] : []),
    ...contractEntries(step).flatMap((entry) => (entry.when ? [entry.when] : [])),
  ]);
}

/** Does `condition` hold for these fields, every step approved? */
export function holds(condition: string, definition: Definition, fields: Record<string, unknown>): boolean {
  const compiled = compileCondition(condition);
  if (!compiled.ok) return false;
  const steps = Object.fromEntries(
    definition.steps.map((step) => [step.id, { outcome: 'approved' as const }]),
  );
  const result = evaluateCondition(compiled.condition, { fields, steps });
  return result.ok && result.value === true;
}

/**
 * The application: the composed form's fields, each with a value; then each enum field set to the option
 * that makes the most conditions true (the others as they are). Attachment fields are left to the caller.
 */
export function applicationFor(definition: Definition, today: Date): Record<string, unknown> {
  const asked = Object.keys(composeForm(definition).schema.properties ?? {});
  const fields = new Map(definition.fields.map((field) => [field.id, field]));
  const application: Record<string, unknown> = {};
  for (const id of asked) {
    const field = fields.get(id)!;
    if (field.type !== 'attachment') application[id] = fieldValue(field, today);
  }
  const conditions = conditionsOf(definition);
  const truths = (candidate: Record<string, unknown>) =>
    conditions.filter((condition) => holds(condition, definition, candidate)).length;
  for (const id of asked) {
    const field = fields.get(id)!;
    if (field.type !== 'enum') continue;
    const best = field.options
      .map((option) => ({ value: option.value, truths: truths({ ...application, [id]: option.value }) }))
      .reduce((a, b) => (b.truths > a.truths ? b : a));
    application[id] = best.value;
  }
  const eligible = checkEligibility(definition, application, today.getTime());
  if (!eligible.eligible)
    throw new Error(`the generated application is not eligible: ${JSON.stringify(eligible)}`);
  return application;
}

/** The steps that run for these fields when every step is approved (their `when` holds). */
export function runningSteps(definition: Definition, fields: Record<string, unknown>) {
  return definition.steps.filter((step) => step.when === undefined || holds(step.when, definition, fields));
}

/**
 * The keys a step's data must hold, exactly: its contract entries that apply to the case's fields and
 * whose value exists (a field answered or prefilled, an upstream output produced).
 */
export function expectedContractKeys(
  definition: Definition,
  stepId: string,
  fields: Record<string, unknown>,
  outputs: Record<string, Record<string, unknown>>,
): string[] {
  return Object.keys(projectContract(definition, stepId, fields, outputs)).sort();
}

/** The outputs a manual step is decided with: every declared output, required or not. */
export function decisionOutputs(definition: Definition, stepId: string, today: Date) {
  const step = definition.steps.find((candidate) => candidate.id === stepId)!;
  return Object.fromEntries(stepOutputs(step).map((output) => [output.id, outputValue(output, today)]));
}

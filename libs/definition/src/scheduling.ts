import { compileCondition, evaluateCondition, type ConditionContext } from './conditions';
import {
  decidingRejection,
  FLOW_REASONS,
  onRequiredRejectionOf,
  rejectionDecidesCase,
  upstreamSettles,
} from './flow';
import { stepGraph, topologicalOrder } from './graph';
import { contractEntries } from './outputs';
import type { Definition, Field, Step, StepOutcome } from './schema';

// Pure helpers the case workflow calls on every state change. No clock, no randomness, no I/O: the same
// inputs always give the same plan, which is what Temporal replay needs.

/** Outputs recorded so far: step id → output id → value. */
export type StepOutputValues = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * Only the data in the step's contract, so nothing else can reach the department: its fields, the
 * outputs of upstream steps it reads (keyed `steps.<stepId>.outputs.<outputId>`), and conditional entries
 * whose condition holds. Missing values stay missing (rather than becoming null) so "not provided" is not
 * mistaken for "provided empty"; a condition that cannot be evaluated leaves its entry out.
 */
export function projectContract(
  definition: Definition,
  stepId: string,
  data: Readonly<Record<string, unknown>>,
  outputs: StepOutputValues = {},
): Record<string, unknown> {
  const step = definition.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`Unknown step: ${stepId}`);
  const projected: Record<string, unknown> = {};
  for (const entry of contractEntries(step)) {
    if (entry.when !== undefined && !entryApplies(entry.when, data)) continue;
    const value = entry.output
      ? ownValue(outputs[entry.output.stepId], entry.output.outputId)
      : ownValue(data, entry.reference);
    if (value.present) projected[entry.reference] = value.value;
  }
  return projected;
}

function ownValue(
  record: Readonly<Record<string, unknown>> | undefined,
  key: string,
): { present: boolean; value?: unknown } {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key)
    ? { present: true, value: record[key] }
    : { present: false };
}

function entryApplies(condition: string, fields: Readonly<Record<string, unknown>>): boolean {
  const compiled = compileCondition(condition);
  if (!compiled.ok) return false;
  const result = evaluateCondition(compiled.condition, { fields: { ...fields }, steps: {} });
  return result.ok && result.value;
}

export interface ScheduleInput {
  /** Case data (applicant answers and prefilled data) that conditions read. */
  fields: Readonly<Record<string, unknown>>;
  /** Outcomes recorded so far, including skipped/blocked ones from earlier calls. */
  outcomes: Readonly<Record<string, StepOutcome>>;
  /** Steps already started and not settled yet. */
  running?: readonly string[];
  /** Outputs recorded so far: a step whose contract says `ifMissing: block-step` is blocked without them. */
  outputs?: StepOutputValues;
  /** The case date `today()` answers in conditions: from the recorded submission time (see `caseToday`). */
  today?: string;
  /** Steps cancelled because a rejection decided the case (they have no outcome). */
  cancelled?: readonly string[];
  /**
   * The rules of cases started before the flow semantics: a skipped step, or a rejected optional one,
   * does not hold its dependents back, and a deciding rejection stops nothing else.
   */
  legacy?: boolean;
}

export interface Schedule {
  /** Can start now. */
  ready: string[];
  /** `when` evaluated to false, or an upstream step was skipped: record them as skipped. */
  skipped: string[];
  /** An upstream step was rejected or blocked, or the case is already rejected: record them as blocked. */
  blocked: string[];
  /** Why each skipped or blocked step settled (which upstream step, and how it ended). */
  reasons: Record<string, string>;
  /** The condition could not be evaluated (e.g. a field of the wrong type): needs a person. */
  failed: { stepId: string; message: string }[];
  /** Still waiting on unsettled dependencies, or running. */
  waiting: string[];
  /** Every step has an outcome (or was cancelled) once skipped/blocked above are recorded. */
  complete: boolean;
}

/**
 * A step runs once its upstream steps (`after`) are settled. One that was skipped skips its dependents;
 * one that was rejected or blocked blocks them (unless a dependent lists that outcome in
 * `runsWhenUpstream`). Once a rejection decides the case, `cancel-open` blocks every step not yet started.
 */
export function scheduleSteps(definition: Definition, input: ScheduleInput): Schedule {
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const { order } = topologicalOrder(stepGraph(definition.steps));
  const outcomes = new Map<string, StepOutcome>(Object.entries(input.outcomes));
  const running = new Set(input.running ?? []);
  const cancelled = new Set(input.cancelled ?? []);
  const schedule: Schedule = {
    ready: [],
    skipped: [],
    blocked: [],
    reasons: {},
    failed: [],
    waiting: [],
    complete: false,
  };
  const settle = (id: string, outcome: 'skipped' | 'blocked', reason: string): void => {
    schedule[outcome].push(id);
    schedule.reasons[id] = reason;
    outcomes.set(id, outcome);
  };
  const stopsOnRejection = !input.legacy && onRequiredRejectionOf(definition) === 'cancel-open';
  let decidedBy = stopsOnRejection ? decidingRejection(definition, input.outcomes) : undefined;
  for (const id of order) {
    const step = byId.get(id);
    if (!step || outcomes.has(id) || cancelled.has(id)) continue;
    if (running.has(id)) {
      schedule.waiting.push(id);
      continue;
    }
    const upstream = step.after.map((dependency) => ({
      id: dependency,
      step: byId.get(dependency),
      outcome: cancelled.has(dependency) ? ('cancelled' as const) : outcomes.get(dependency),
    }));
    const unsettled = upstream.some(({ outcome }) => outcome === undefined);
    const settled = unsettled
      ? undefined
      : input.legacy
        ? legacyUpstreamSettles(upstream)
        : upstreamSettles(
            step,
            upstream.map(({ id: upstreamId, outcome }) => ({ id: upstreamId, outcome: outcome! })),
          );
    if (settled) {
      settle(id, settled.outcome, settled.reason);
      // A required step that can never run decides the case too: nothing after this point starts.
      if (stopsOnRejection && settled.outcome === 'blocked' && rejectionDecidesCase(definition, step))
        decidedBy ??= id;
      continue;
    }
    if (decidedBy !== undefined) {
      settle(id, 'blocked', FLOW_REASONS.caseRejected(decidedBy));
      continue;
    }
    if (unsettled) {
      schedule.waiting.push(id);
      continue;
    }
    if (missesBlockingOutput(step, outcomes, input.outputs ?? {})) {
      settle(id, 'blocked', FLOW_REASONS.outputMissing);
      continue;
    }
    const decision = shouldRun(step, input, outcomes);
    if (decision === true) schedule.ready.push(id);
    else if (decision === false) settle(id, 'skipped', FLOW_REASONS.conditionNotMet);
    else schedule.failed.push({ stepId: id, message: decision.message });
  }
  schedule.complete = definition.steps.every((step) => outcomes.has(step.id) || cancelled.has(step.id));
  return schedule;
}

/** A settled producer that did not produce an output this step must have (`ifMissing: block-step`). */
function missesBlockingOutput(
  step: Step,
  outcomes: ReadonlyMap<string, StepOutcome>,
  outputs: StepOutputValues,
): boolean {
  return contractEntries(step).some(
    ({ output, ifMissing }) =>
      output !== undefined &&
      ifMissing === 'block-step' &&
      outcomes.has(output.stepId) &&
      !ownValue(outputs[output.stepId], output.outputId).present,
  );
}

/** Before the flow semantics: only a rejected required (or a blocked) dependency blocks; nothing skips. */
function legacyUpstreamSettles(
  upstream: { step: Step | undefined; outcome: StepOutcome | 'cancelled' | undefined }[],
): { outcome: 'blocked'; reason: string } | undefined {
  const blocking = upstream.some(
    ({ step, outcome }) => outcome === 'blocked' || (outcome === 'rejected' && step?.required === true),
  );
  return blocking ? { outcome: 'blocked', reason: FLOW_REASONS.requiredStepRejected } : undefined;
}

function shouldRun(
  step: Step,
  { fields, today }: ScheduleInput,
  outcomes: ReadonlyMap<string, StepOutcome>,
): boolean | { message: string } {
  if (step.when === undefined) return true;
  const steps: ConditionContext['steps'] = {};
  for (const [id, outcome] of outcomes) steps[id] = { outcome };
  const compiled = compileCondition(step.when);
  if (!compiled.ok) return { message: compiled.message };
  const result = evaluateCondition(compiled.condition, {
    fields: { ...fields },
    steps,
    ...(today !== undefined ? { today } : {}),
  });
  return result.ok ? result.value : { message: result.message };
}

/** The steps that can start now (a shorthand for `scheduleSteps(...).ready`). */
export function readyStepIds(definition: Definition, input: ScheduleInput): string[] {
  return scheduleSteps(definition, input).ready;
}

/**
 * The merge policy's verdict on the step outcomes (the case's stored result is `CaseResultSummary`).
 * `not_applicable`: no step was approved or rejected (every step skipped), spelled as the case status.
 */
export type MergedDecision = 'approved' | 'rejected' | 'partial' | 'not_applicable';

export interface MergedOutcome {
  result: MergedDecision;
  approved: string[];
  rejected: string[];
  skipped: string[];
  blocked: string[];
  /** Non-required steps that were rejected: listed in a partial result notice. */
  partial: string[];
}

/**
 * Merges step outcomes by the definition's rule; steps without an outcome are treated as not yet decided.
 * A skipped step does not count against the case. `legacy` (cases from before the flow semantics): a
 * case in which nothing ran is approved.
 */
export function mergeOutcome(
  definition: Definition,
  outcomes: Readonly<Record<string, StepOutcome>>,
  options: { legacy?: boolean } = {},
): MergedOutcome {
  const ids = (wanted: StepOutcome): string[] =>
    definition.steps.filter((step) => outcomes[step.id] === wanted).map((step) => step.id);
  const rejected = ids('rejected');
  const blocked = ids('blocked');
  const requiredFailed = definition.steps.some(
    (step) =>
      (outcomes[step.id] === 'rejected' || outcomes[step.id] === 'blocked') &&
      (step.required || definition.outcome.rule === 'all-approved'),
  );
  const partial = definition.steps
    .filter((step) => !step.required && outcomes[step.id] === 'rejected')
    .map((step) => step.id);
  const approved = ids('approved');
  const nothingRan = approved.length === 0 && rejected.length === 0 && blocked.length === 0;
  const result: MergedDecision = requiredFailed
    ? 'rejected'
    : partial.length > 0 || blocked.length > 0
      ? 'partial'
      : nothingRan && !options.legacy
        ? 'not_applicable'
        : 'approved';
  return {
    result,
    approved,
    rejected,
    skipped: ids('skipped'),
    blocked,
    partial,
  };
}

/** Fields whose value comes from a connector rather than from the applicant. */
export function prefilledFields(definition: Definition): Field[] {
  return definition.fields.filter((field) => field.prefill !== undefined);
}

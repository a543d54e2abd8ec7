import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import {
  CaseStatusAttribute,
  CASE_WORKFLOW_GENERATION,
  LOCAL_ACTIVITIES_GENERATION,
} from '@onething/case-model';
import type { CaseWorkflowInput } from './input';

/** Patch id: auto steps run as one activity (was: running, call, decision as three). */
export const AUTO_STEP_IN_ONE_ACTIVITY = 'auto-step-in-one-activity';
/**
 * Patch id: the case lifecycle. A failed step waits for an administrator's retry (instead of failing the
 * case); withdrawal, cancellation and requests for more material are accepted; approved steps are
 * compensated when the case ends rejected, withdrawn or cancelled; the applicant is notified.
 */
export const CASE_LIFECYCLE = 'case-lifecycle';
/**
 * Patch id: a withdrawal or cancellation is recorded (audited) before the case starts to close, so a
 * recording that fails for good leaves the case as it was and the Update answers with the failure.
 */
export const CASE_ACTION_RECORDED_FIRST = 'case-action-recorded-first';

/**
 * Patch id: the case keeps its commitment (承诺时限): due date recorded at the start, a breach recorded
 * when it passes before the case closes. Read only by cases whose definition promises a commitment.
 */
export const CASE_COMMITMENT = 'case-commitment';
/**
 * Patch id: the flow semantics. A skipped, rejected or blocked upstream step settles its dependents
 * (unless they run anyway), with the reason; a case in which no step ran ends not_applicable; a deciding
 * rejection cancels the open tasks (`onRequiredRejection: cancel-open`); approved steps are undone only in
 * the situations their `compensate.when` lists.
 */
export const FLOW_SEMANTICS = 'flow-semantics';
/**
 * Patch id: pledge mode (承诺办). A pledged step approves at once on the applicant's signed pledge; its
 * verification step waits the pledge's working days before it runs. Read only where a definition declares
 * a pledge (no history from before has one), so other cases' histories are untouched.
 */
export const PLEDGE_MODE = 'pledge-mode';

/**
 * Which recorded behaviour this run follows, each patch read once. A patch's marker enters history where
 * `patched()` is first called, so each is read at the point the workflow first read it before these
 * modules existed: the first two (and FLOW_SEMANTICS, newer) at the start, the third when the first
 * withdrawal or cancellation is handled, CASE_COMMITMENT where the commitment's clock starts.
 */
export interface CaseFeatures {
  /** AUTO_STEP_IN_ONE_ACTIVITY: one activity per auto step; the starter sets the status attribute. */
  readonly autoStepInOneActivity: boolean;
  /** CASE_LIFECYCLE: retries, withdrawal, cancellation, notices, compensation. */
  readonly lifecycle: boolean;
  /** FLOW_SEMANTICS (only with the lifecycle): skip propagation, not_applicable, cancel-open, scoped undo. */
  readonly flow: boolean;
  /**
   * CASE_ACTION_RECORDED_FIRST, read where a withdrawal or cancellation is handled. A function, not a
   * value: during replay the SDK leaves an absent marker undecided (the run may go on live), so the
   * answer is asked of `patched()` each time, which remembers it once decided.
   */
  actionRecordedFirst(): boolean;
  /** CASE_COMMITMENT, read where the commitment's clock starts (only for definitions with one). */
  commitment(): boolean;
  /** PLEDGE_MODE, read where a pledged step or its verification starts (only for definitions with one). */
  pledge(): boolean;
  /**
   * Generation 2 (no patch: new cases only): an auto step's department call gets a local attempt first,
   * the read model's activities are local activities, and tasks run on their own task queue.
   */
  readonly localActivities: boolean;
}

/**
 * The case workflow generation new cases start in (their input's `generation`). A generation turns on
 * every behaviour the patches above gate, from the first command, without reading the patches: a patch
 * costs two history events per run (its marker and the SDK's TemporalChangeVersion search attribute),
 * and what a run does is then fixed by its input, which replay reads like the rest of its history.
 * Histories started without a generation keep replaying through the patches. A later change to
 * workflow logic is gated as before (a patch, or the next generation for cases started after it).
 */
export const CASE_GENERATION = CASE_WORKFLOW_GENERATION;

const ALL_ON: CaseFeatures = {
  autoStepInOneActivity: true,
  lifecycle: true,
  flow: true,
  actionRecordedFirst: () => true,
  commitment: () => true,
  // Read in generation 1: it was started before pledges existed (see PLEDGE_MODE).
  pledge: () => patched(PLEDGE_MODE),
  localActivities: false,
};

/** Generation 2 was started knowing pledges: the patch is no longer read (two history events saved). */
const LOCAL_FIRST: CaseFeatures = { ...ALL_ON, pledge: () => true, localActivities: true };

/**
 * Reads the patches at the start of a run. Cases started before AUTO_STEP_IN_ONE_ACTIVITY set their own
 * status attribute here, between the two reads, as their histories record.
 */
export function readCaseFeatures(input: Pick<CaseWorkflowInput, 'generation'>): CaseFeatures {
  const generation = input.generation ?? 0;
  if (generation >= LOCAL_ACTIVITIES_GENERATION) return LOCAL_FIRST;
  if (generation >= 1) return ALL_ON;
  const autoStepInOneActivity = patched(AUTO_STEP_IN_ONE_ACTIVITY);
  if (!autoStepInOneActivity) upsertSearchAttributes([{ key: CaseStatusAttribute, value: 'in_progress' }]);
  const lifecycle = patched(CASE_LIFECYCLE);
  // Read right after the lifecycle, at the start, so its marker's place in new histories is fixed.
  const flow = lifecycle && patched(FLOW_SEMANTICS);
  return {
    autoStepInOneActivity,
    lifecycle,
    flow,
    actionRecordedFirst: () => patched(CASE_ACTION_RECORDED_FIRST),
    commitment: () => patched(CASE_COMMITMENT),
    pledge: () => patched(PLEDGE_MODE),
    localActivities: false,
  };
}

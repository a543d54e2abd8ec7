import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import type { StepDecision } from './activity-types';
import { readModelActivities } from './activity-proxies';
import { taskStateQuery, type ManualTaskInput } from './task/messages';
import { readTaskFeatures, TaskRun, usesLocalActivities } from './task/run';
import { runSlaClock } from './task/sla-clock';
import { registerTaskUpdates } from './task/updates';

export * from './task/messages';
export { TASK_LIFECYCLE } from './task/run';

/**
 * One department's manual step: opens its task and waits for a decision. Decisions, requests for more
 * material and reassignments are Updates (task/updates.ts) whose validators refuse, before anything
 * enters history, a task that is not open or a caller without the right department or role. The step's
 * working-day SLA clock runs here (task/sla-clock.ts): it pauses while the applicant owes material, and
 * its breach escalates the task.
 */
export async function manualTaskWorkflow(
  input: ManualTaskInput,
): Promise<StepDecision & { decidedBy: string }> {
  const run = new TaskRun(input, readModelActivities(usesLocalActivities(input)), readModelActivities(false));
  setHandler(taskStateQuery, () => run.state);
  registerTaskUpdates(run);
  const { taskId } = await run.activities.openTask(input);
  run.opened(taskId);
  const features = readTaskFeatures(input);
  if (features.lifecycle && input.sla) await runSlaClock(run);
  else await waitForDecision(run);
  await condition(allHandlersFinished);
  return { ...run.state.decision!, decidedBy: run.decidedBy };
}

/** Without a clock: a decision whose recording failed puts the task back to open, so wait for the next. */
async function waitForDecision({ state }: TaskRun): Promise<void> {
  const decided = () => state.status === 'decided';
  do {
    await condition(decided);
    await condition(allHandlersFinished);
  } while (!decided());
}

import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  executeChild,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { CaseStatusAttribute } from '../../libs/case-model/src/search-attributes';

/**
 * Test-only workflows for test/time-skipping.int-spec.ts. Each uses, alone, one Temporal feature the
 * project's workflows rely on, so the spec tells exactly what the time-skipping test server supports.
 */

export interface TestActivities {
  recordDecision(decision: string): Promise<void>;
}

/** Sleeps `ms` of workflow time (an SLA timer); returns how much workflow time passed. */
export async function sleepWorkflow(ms: number): Promise<{ sleptMs: number }> {
  const started = Date.now();
  await sleep(ms);
  return { sleptMs: Date.now() - started };
}

export const answerSignal = defineSignal<[string]>('answer');

/** Waits up to `timeout` (workflow time) for the answer signal, as the task's SLA clock waits for changes. */
export async function signalWorkflow(timeout: string): Promise<string> {
  let answer: string | undefined;
  setHandler(answerSignal, (value) => {
    answer = value;
  });
  return (await condition(() => answer !== undefined, timeout)) ? answer! : 'timed out';
}

export const childDoneSignal = defineSignal<[string]>('childDone');

/** A child that waits a day, then signals its parent (as a task tells its case about a request). */
export async function childWorkflow(name: string): Promise<string> {
  await sleep('1 day');
  const parent = workflowInfo().parent;
  if (parent) await getExternalWorkflowHandle(parent.workflowId).signal(childDoneSignal, name);
  return `child ${name} done`;
}

export async function parentWorkflow(name: string): Promise<{ result: string; signalled: string[] }> {
  const signalled: string[] = [];
  setHandler(childDoneSignal, (from) => void signalled.push(from));
  const result = await executeChild(childWorkflow, {
    args: [name],
    workflowId: `${workflowInfo().workflowId}-child`,
  });
  await condition(() => signalled.length > 0);
  return { result, signalled };
}

export const decideUpdate = defineUpdate<string, [{ decision: string; department: string }]>('decide');
export const stateQuery = defineQuery<string>('state');

/** A task-like workflow: the decide Update's validator refuses another department before history. */
export async function decisionWorkflow(department: string): Promise<string> {
  const { recordDecision } = proxyActivities<TestActivities>({ startToCloseTimeout: '1 minute' });
  let state = 'open';
  setHandler(stateQuery, () => state);
  setHandler(
    decideUpdate,
    async ({ decision }) => {
      state = decision;
      await recordDecision(decision);
      return state;
    },
    {
      validator: (input) => {
        if (input.department !== department) {
          throw ApplicationFailure.create({
            type: 'WRONG_DEPARTMENT',
            message: 'The task belongs to another department',
            nonRetryable: true,
          });
        }
      },
    },
  );
  await condition(() => state !== 'open');
  await condition(allHandlersFinished);
  return state;
}

/** Upserts the case status attribute as caseWorkflow does (behind a patch, as it does), and reads it back. */
export function upsertStatusWorkflow(status: string): Promise<string | undefined> {
  if (patched('test-patch')) upsertSearchAttributes([{ key: CaseStatusAttribute, value: status }]);
  return Promise.resolve(workflowInfo().typedSearchAttributes.get(CaseStatusAttribute));
}

/** Continues as new `times` times, a day apart (caseWorkflow does when its history grows). */
export async function continueAsNewWorkflow(times: number): Promise<{ continued: boolean }> {
  await sleep('1 day');
  if (times > 0) await continueAsNew<typeof continueAsNewWorkflow>(times - 1);
  return { continued: workflowInfo().runId !== workflowInfo().firstExecutionRunId };
}

/** Calls an activity on a task queue no worker polls. */
export async function unpolledActivityWorkflow(): Promise<void> {
  const { recordDecision } = proxyActivities<TestActivities>({
    startToCloseTimeout: '1 minute',
    taskQueue: 'nobody-polls-this',
  });
  await recordDecision('never');
}

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { projectDataConverter } from '@onething/codec';
import { workflowTracingSinks } from '@onething/temporal';
import { TaskEntity } from '@onething/persistence';
import {
  autoApplication,
  autoDefinition,
  exampleApplication,
  historyFixtures,
  publishTestDefinition,
  residentIdWithCreditRecord,
  startTestStack,
  submitCase,
  TestStack,
  toHistoryFixture,
  waitUntil,
} from '@onething/testing';

/**
 * Recorded histories of representative cases, replayed against today's workflow code on every run:
 * a change that would break running cases fails here. `RECORD_HISTORIES=1 npx jest test/replay`
 * records them anew (only when a change is meant to start new histories, with patching for the old).
 */
const { History } = temporal.api.history.v1;
const fixtures = historyFixtures;
const bundlePath = process.env.TEMPORAL_WORKFLOW_BUNDLE!;

const toFixture = toHistoryFixture;

async function replay(histories: { workflowId: string; history: unknown }[]) {
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    {
      workflowBundle: { codePath: bundlePath },
      dataConverter: projectDataConverter(process.env.PAYLOAD_ENCRYPTION_KEYS),
      sinks: workflowTracingSinks(),
    },
    histories.map(({ workflowId, history }) => ({
      workflowId,
      history: History.fromObject(history as object),
    })),
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  return failures;
}

describe('workflow histories replay', () => {
  it('replays every committed history fixture with the current workflow code', async () => {
    const files = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.endsWith('.json')) : [];
    expect(files.length).toBeGreaterThanOrEqual(4);
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as unknown,
    }));
    expect(await replay(histories)).toEqual([]);
  });

  describe('representative cases run now', () => {
    let stack: TestStack;
    const key = `replay-${Date.now()}`;
    beforeAll(async () => {
      stack = await startTestStack();
      await publishTestDefinition(stack.dataSource, autoDefinition(key, { retries: 2 }));
    });
    afterAll(async () => {
      await stack.close();
    });

    const submit = (definitionKey: string, application: Record<string, unknown>) =>
      submitCase(stack, definitionKey, application);

    it('replay their own histories, and record them as fixtures on request', async () => {
      const cases: Record<string, string> = {
        'auto-approved-with-skipped-step': await submit(key, autoApplication()),
        'auto-rejected-and-blocked': await submit(key, autoApplication({ monthsOfContributions: 1 })),
        'manual-task-decided': await submit('talent-introduction', exampleApplication()),
        'manual-and-auto-rejected': await submit(
          'talent-introduction',
          exampleApplication({ residentId: residentIdWithCreditRecord() }),
        ),
      };
      // The credit check's rejection decides the other case: its task is cancelled (since generation 2,
      // when the answer comes within the first workflow task, before the task is even opened).
      for (const caseId of [cases['manual-task-decided']]) {
        const task = await waitUntil(
          'the task',
          async () => (await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId })) ?? undefined,
        );
        await fetch(`${stack.baseUrl}/tasks/${task.id}/decision`, {
          method: 'POST',
          headers: await stack.headers('department_worker'),
          body: JSON.stringify({ decision: 'approved' }),
        });
      }
      const histories: { workflowId: string; history: unknown; name: string }[] = [];
      for (const [name, caseId] of Object.entries(cases)) {
        const handle = stack.client.workflow.getHandle(`case-${caseId}`);
        await handle.result();
        histories.push({
          name,
          workflowId: handle.workflowId,
          history: toFixture(await handle.fetchHistory()),
        });
        const task = await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId });
        if (task) {
          const child = stack.client.workflow.getHandle(task.workflowId);
          histories.push({
            name: `${name}-task`,
            workflowId: task.workflowId,
            history: toFixture(await child.fetchHistory()),
          });
        }
      }
      expect(await replay(histories)).toEqual([]);
      if (process.env.RECORD_HISTORIES === '1') {
        mkdirSync(fixtures, { recursive: true });
        for (const { name, history } of histories) {
          writeFileSync(join(fixtures, `${name}.json`), JSON.stringify(history, null, 1) + '\n');
        }
      }
    });
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../data-source';
import { TaskEntity } from '../entities/task.entity';
import { ReadModel } from './read-model';

const url = process.env.DATABASE_URL!;
const schema = process.env.DATABASE_SCHEMA!;

let dataSource: DataSource;
let readModel: ReadModel;

beforeAll(async () => {
  dataSource = await new DataSource(dataSourceOptions({ url, schema, poolSize: 2 })).initialize();
  await migrate(dataSource);
  readModel = new ReadModel(dataSource);
});
afterAll(async () => {
  await dataSource?.destroy();
});

/** A submitted case with an auto step `check` and a manual step `review`. */
async function submittedCase(): Promise<string> {
  const id = randomUUID();
  await readModel.transaction(async (tx) => {
    await tx.cases.insertSubmitted({
      id,
      definitionKey: 'read-model-test',
      definitionVersion: 1,
      application: { fullName: 'test' },
      workflowId: `case-${id}`,
      applicantAccountId: null,
      submittedByAccountId: null,
      submissionConsent: null,
    });
    await tx.steps.insertPending(id, [
      { stepId: 'check', department: 'hrss', kind: 'auto' },
      { stepId: 'review', department: 'talent-office', kind: 'manual' },
    ]);
  });
  return id;
}

describe('the read model', () => {
  it('moves a step along its state machine once: a repeated move says it did not move', async () => {
    const caseId = await submittedCase();
    const check = { caseId, stepId: 'check' };
    expect(await readModel.steps.move(check, 'running', null)).toBe(true);
    expect(await readModel.steps.move(check, 'running', null)).toBe(false);
    expect(await readModel.steps.move(check, 'approved', null)).toBe(true);
    expect(await readModel.steps.move(check, 'approved', null)).toBe(false);
    // An approved step is never cancelled, only compensated (once).
    await readModel.steps.cancelOpen(caseId, 'withdrawn');
    expect(await readModel.steps.markCompensated(check)).toBe(true);
    expect(await readModel.steps.markCompensated(check)).toBe(false);
    const steps = await readModel.steps.forCase(caseId);
    expect(steps.map((step) => [step.stepId, step.status, step.attempts])).toEqual([
      ['check', 'compensated', 1],
      ['review', 'cancelled', 0],
    ]);
  });

  it('gives back a submitted case and its pending steps exactly as a read gives them', async () => {
    const id = randomUUID();
    const stored = await readModel.transaction(async (tx) => ({
      entity: await tx.cases.insertSubmitted({
        id,
        definitionKey: 'read-model-test',
        definitionVersion: 1,
        application: { fullName: 'test', nested: { list: [1, 'two'] } },
        workflowId: `case-${id}`,
        applicantAccountId: null,
        submittedByAccountId: null,
        submissionConsent: { method: 'signature', reference: 'ref-1', recordedAt: '2026-03-04' },
        submittedAt: new Date('2026-03-04T05:06:07.089Z'),
      }),
      // Ids that order differently under a linguistic collation than code unit by code unit.
      steps: await tx.steps.insertPending(id, [
        { stepId: 'zeta', department: 'hrss', kind: 'auto' },
        { stepId: 'a_b', department: 'housing', kind: 'manual' },
        { stepId: 'aB', department: 'talent-office', kind: 'manual' },
        { stepId: 'ab', department: 'education', kind: 'auto' },
      ]),
    }));
    expect(stored.entity).toStrictEqual(await readModel.cases.find(id));
    expect(stored.steps).toStrictEqual(await readModel.steps.forCase(id));
    expect(stored.steps.map((step) => step.stepId)).toEqual(['aB', 'a_b', 'ab', 'zeta']);
  });

  it('completes a case once, and an ended case never goes back in progress', async () => {
    const caseId = await submittedCase();
    expect(await readModel.cases.markInProgress(caseId)).toBe(true);
    expect(await readModel.cases.markInProgress(caseId)).toBe(false);
    const result = { decision: 'approved' as const, steps: [] };
    expect(await readModel.cases.complete(caseId, result)).toBe(true);
    expect(await readModel.cases.complete(caseId, { ...result, decision: 'rejected' })).toBe(false);
    expect(await readModel.cases.markInProgress(caseId)).toBe(false);
    expect(await readModel.cases.get(caseId)).toMatchObject({ status: 'approved', result });
  });

  it('opens one task per step and decides it only while it is open', async () => {
    const caseId = await submittedCase();
    const review = { caseId, stepId: 'review' };
    const task = {
      department: 'talent-office',
      data: { fullName: 'test' },
      workflowId: `task-${caseId}-review`,
    };
    const first = await readModel.tasks.openOnce(review, task);
    const again = await readModel.tasks.openOnce(review, task);
    expect([first.opened, again.opened, again.task.id]).toEqual([true, false, first.task.id]);

    expect(await readModel.tasks.awaitMaterial(review)).toBe(true);
    const decision = { status: 'approved' as const, reason: null, decidedBy: 'worker' };
    expect(await readModel.tasks.decide(review, decision)).toBe(false);
    await readModel.tasks.answerMaterial(first.task.id, { fullName: 'answered' });
    expect(await readModel.tasks.get(first.task.id)).toMatchObject({
      status: 'open',
      data: { fullName: 'answered' },
    });
    expect(await readModel.tasks.decide(review, decision)).toBe(true);
    expect(await readModel.tasks.decide(review, { ...decision, status: 'rejected' })).toBe(false);
    expect(await readModel.tasks.cancelOpen(caseId, 'withdrawn')).toEqual([]);
    expect(await readModel.tasks.get(first.task.id)).toMatchObject({
      status: 'approved',
      decidedBy: 'worker',
    });
  });

  it("hydrates a worklist page's tasks exactly as TypeORM loads them, SLA dates and all", async () => {
    const caseId = await submittedCase();
    const { task } = await readModel.tasks.openOnce(
      { caseId, stepId: 'review' },
      {
        department: 'hydration-test',
        data: { fullName: 'test', nested: { a: [1] } },
        workflowId: `t-${caseId}`,
      },
    );
    await dataSource.query(
      `UPDATE tasks SET due_date = '2026-12-31', due_at = '2026-12-31T09:30:00.123Z', breached_at = NULL,
         assignee_account_id = NULL, priority = 'urgent', decision_reason = 'why' WHERE id = $1`,
      [task.id],
    );
    const { rows } = await readModel.tasks.worklist({
      departments: ['hydration-test'],
      sort: 'due',
      limit: 5,
    });
    const loaded = await dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id });
    expect(rows).toEqual([loaded]);
    expect(rows[0]).toBeInstanceOf(TaskEntity);
    expect(rows[0].sla).toMatchObject({ dueDate: '2026-12-31', dueAt: new Date('2026-12-31T09:30:00.123Z') });
  });

  it('writes nothing of a transaction that fails: the step move and its event go together', async () => {
    const caseId = await submittedCase();
    await expect(
      readModel.transaction(async (tx) => {
        await tx.steps.move({ caseId, stepId: 'check' }, 'running', null);
        await tx.outbox.appendCaseEvent(caseId, 'case.step.running', { stepId: 'check' });
        throw new Error('the activity failed after its writes');
      }),
    ).rejects.toThrow('the activity failed');
    const [check] = await readModel.steps.forCase(caseId);
    expect(check.status).toBe('pending');
  });

  it('marks an outbox event dispatched once', async () => {
    const event = await readModel.outbox.append({
      aggregateType: 'case',
      aggregateId: randomUUID(),
      type: 'read-model.test',
      payload: {},
    });
    expect(await readModel.outbox.markDispatched(event.id)).toBe(true);
    expect(await readModel.outbox.markDispatched(event.id)).toBe(false);
  });

  it('claims an Idempotency-Key once, and tells a replay from a different request', async () => {
    const caseId = await submittedCase();
    const claim = { owner: randomUUID(), key: 'k-1', requestHash: 'hash-a', caseId };
    const claimed = (requestHash: string) =>
      readModel.transaction((tx) => tx.idempotency.claim({ ...claim, requestHash }, 300));
    expect(await claimed('hash-a')).toEqual({ kind: 'claimed' });
    expect(await claimed('hash-a')).toEqual({ kind: 'replay', caseId });
    expect(await claimed('hash-b')).toEqual({ kind: 'different-request' });
  });
});

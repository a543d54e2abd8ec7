import { createHash, randomUUID } from 'node:crypto';
import { loadDemoCatalog } from '@onething/definition/node';
import { contractEntries, type Definition, type Step } from '@onething/definition';
import { CaseEntity, ReadModel } from '@onething/persistence';
import {
  createPerson,
  httpCall,
  startTestStack,
  waitUntil,
  type TestPerson,
  type TestStack,
} from '@onething/testing';
import {
  applicationFor,
  decisionOutputs,
  expectedContractKeys,
  runningSteps,
} from './support/contract-sweep';

/**
 * The data contract, swept: for every sample definition, one case with every form field filled (each
 * attachment uploaded through `POST /uploads`), driven through every step. Each manual step's department
 * worker sees, in the task view, in the worklist and in downloads, exactly what the step's contract
 * names — conditional entries and upstream outputs included — and nothing else; each auto step's
 * department system receives exactly its contract. The expectation is computed from the definition
 * (`projectContract`), never listed by hand, so it holds for any definition added to the samples.
 */
const catalog = loadDemoCatalog().map((entry) => entry.definition);
const today = new Date();
const TASK_TIMEOUT_MS = 60_000;

/** What the sweep met, so a sample set that exercises none of it cannot pass unnoticed. */
const tally = {
  manualSteps: 0,
  autoSteps: 0,
  conditionalEntries: 0,
  outputEntries: 0,
  downloads: 0,
  refusedDownloads: 0,
};

let stack: TestStack;
let readModel: ReadModel;
let applicantToken: string;
const workers = new Map<string, TestPerson>();

interface Upload {
  field: string;
  ref: string;
  sha256: string;
  bytes: Buffer;
}
interface TaskItem {
  id: string;
  stepId: string;
  department: string;
  status: string;
  data: Record<string, unknown>;
}

beforeAll(async () => {
  stack = await startTestStack();
  readModel = new ReadModel(stack.dataSource);
  applicantToken = (await stack.login('applicant')).accessToken;
  const departments = new Set(
    catalog.flatMap((definition) => definition.steps.map((step) => step.department)),
  );
  for (const department of departments) {
    workers.set(department, await createPerson(stack, 'department_worker', [department]));
  }
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

/** A PDF's bytes, distinct per field and case, so each attachment is its own stored file. */
const pdfFor = (label: string) => Buffer.from(`%PDF-1.4\n% ${label} ${randomUUID()}\n%%EOF\n`);

async function uploadAttachments(definition: Definition, asked: string[]): Promise<Upload[]> {
  const uploads: Upload[] = [];
  for (const field of definition.fields) {
    if (field.type !== 'attachment' || !asked.includes(field.id)) continue;
    const bytes = pdfFor(`${definition.key}.${field.id}`);
    const query = new URLSearchParams({
      name: `${field.id}.pdf`,
      definitionKey: definition.key,
      fieldId: field.id,
    });
    const answer = await httpCall(stack.baseUrl, 'POST', `/uploads?${query.toString()}`, {
      token: applicantToken,
      bytes,
    });
    expect(answer.status).toBe(201);
    uploads.push({ field: field.id, ref: answer.body.ref, sha256: answer.body.sha256, bytes });
  }
  return uploads;
}

/** The definition's case: every asked field filled, attachments uploaded; its id and what was sent. */
async function submit(definition: Definition) {
  const application = applicationFor(definition, today);
  const attachmentFields = definition.fields.filter((field) => field.type === 'attachment').map((f) => f.id);
  const uploads = await uploadAttachments(definition, attachmentFields);
  for (const upload of uploads)
    application[upload.field] = [{ ref: upload.ref, name: `${upload.field}.pdf` }];
  const answer = await httpCall(stack.baseUrl, 'POST', '/cases', {
    token: applicantToken,
    body: { definitionKey: definition.key, application },
  });
  expect(answer.status).toBe(201);
  const caseId = answer.body.id as string;
  // The case's data as stored (attachments with their stored facts): what contracts are projected from.
  const stored = await stack.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId });
  return { caseId, application, uploads, fields: stored.application };
}

type Submitted = Awaited<ReturnType<typeof submit>>;

/** What the step's data must hold: the keys exactly, and the values of answered fields and outputs. */
async function expectExactContract(
  definition: Definition,
  step: Step,
  submitted: Submitted,
  data: Record<string, unknown>,
) {
  const outputs = await readModel.steps.outputsOf(submitted.caseId);
  const expected = expectedContractKeys(definition, step.id, submitted.fields, outputs);
  expect({ step: step.id, keys: Object.keys(data).sort() }).toEqual({ step: step.id, keys: expected });
  for (const entry of contractEntries(step)) {
    if (!(entry.reference in data)) continue;
    if (entry.when) tally.conditionalEntries += 1;
    if (entry.output) tally.outputEntries += 1;
    const value = data[entry.reference];
    if (entry.output) expect(value).toEqual(outputs[entry.output.stepId]?.[entry.output.outputId]);
    if (entry.fieldId) expect(value).toEqual(submitted.fields[entry.fieldId]);
    const upload = submitted.uploads.find((candidate) => candidate.field === entry.fieldId);
    if (upload) expect(value).toEqual([expect.objectContaining({ ref: upload.ref })]);
  }
  return expected;
}

async function openTask(caseId: string, step: Step): Promise<TaskItem> {
  const headers = await workers.get(step.department)!.headers();
  return waitUntil(
    `the ${step.id} task of case ${caseId}`,
    async () => {
      const answer = await httpCall(stack.baseUrl, 'GET', `/tasks?caseId=${caseId}&limit=100`, { headers });
      const items = answer.body.items as TaskItem[];
      return items.find((item) => item.stepId === step.id && item.status === 'open');
    },
    TASK_TIMEOUT_MS,
  );
}

/** The worker's three views of the task hold exactly the contract; then the task is approved with outputs. */
async function checkAndDecide(definition: Definition, step: Step, submitted: Submitted) {
  const headers = await workers.get(step.department)!.headers();
  const task = await openTask(submitted.caseId, step);
  const keys = await expectExactContract(definition, step, submitted, task.data);

  const list = await httpCall(stack.baseUrl, 'GET', `/tasks?caseId=${submitted.caseId}&limit=100`, {
    headers,
  });
  for (const item of list.body.items as TaskItem[]) {
    expect(item.department).toBe(step.department);
    const itemStep = definition.steps.find((candidate) => candidate.id === item.stepId)!;
    if (item.status === 'open') await expectExactContract(definition, itemStep, submitted, item.data);
  }

  const view = await httpCall(stack.baseUrl, 'GET', `/tasks/${task.id}`, { headers });
  expect(view.status).toBe(200);
  expect(view.body.data).toEqual(task.data);
  const attachments = (view.body.attachments as { field: string; ref: string }[]).map((a) => a.field).sort();
  const contracted = submitted.uploads.filter((upload) => keys.includes(upload.field));
  expect(attachments).toEqual(contracted.map((upload) => upload.field).sort());

  for (const upload of submitted.uploads) {
    const download = await httpCall(stack.baseUrl, 'GET', `/tasks/${task.id}/attachments/${upload.sha256}`, {
      headers,
    });
    if (keys.includes(upload.field)) {
      tally.downloads += 1;
      expect({ field: upload.field, status: download.status }).toEqual({ field: upload.field, status: 200 });
      expect(
        createHash('sha256')
          .update(Buffer.from(download.body as string))
          .digest('hex'),
      ).toBe(createHash('sha256').update(upload.bytes).digest('hex'));
    } else {
      tally.refusedDownloads += 1;
      expect({ field: upload.field, refused: [403, 404].includes(download.status) }).toEqual({
        field: upload.field,
        refused: true,
      });
      expect(download.body).toMatchObject({ code: expect.any(String) });
    }
  }

  const decided = await httpCall(stack.baseUrl, 'POST', `/tasks/${task.id}/decision`, {
    headers,
    body: { decision: 'approved', outputs: decisionOutputs(definition, step.id, today) },
  });
  expect({ step: step.id, status: decided.status }).toEqual({ step: step.id, status: 201 });
}

/** An auto step's department system received exactly the step's contract. */
async function checkAutoStep(definition: Definition, step: Step, submitted: Submitted) {
  const call = await waitUntil(
    `the ${step.connector} check of ${step.id}`,
    async () =>
      (await stack.departmentCalls(step.connector!, { caseId: submitted.caseId })).find(
        (candidate) =>
          candidate.operation === 'check' && candidate.body['stepId'] === step.id && candidate.status === 200,
      ),
    TASK_TIMEOUT_MS,
  );
  await expectExactContract(definition, step, submitted, call.body['data'] as Record<string, unknown>);
}

/** Drives the case: each running step once its upstream steps are settled, in the definition's order. */
async function sweep(definition: Definition, submitted: Submitted): Promise<string[]> {
  const pending = runningSteps(definition, submitted.fields);
  const covered: string[] = [];
  while (pending.length > 0) {
    const ready = pending.findIndex((step) => step.after.every((id) => covered.includes(id)));
    expect(ready).toBeGreaterThanOrEqual(0);
    const [step] = pending.splice(ready, 1);
    if (step.kind === 'manual') await checkAndDecide(definition, step, submitted);
    else await checkAutoStep(definition, step, submitted);
    tally[step.kind === 'manual' ? 'manualSteps' : 'autoSteps'] += 1;
    covered.push(step.id);
  }
  return covered;
}

describe.each(catalog.map((definition) => [definition.key, definition] as const))(
  'the data contract of %s',
  (_, definition) => {
    it('reaches every department with exactly its step contract: task view, worklist and downloads', async () => {
      const submitted = await submit(definition);
      const covered = await sweep(definition, submitted);
      // Every step ran: the generated answers make every step condition true.
      expect(covered.sort()).toEqual(definition.steps.map((step) => step.id).sort());
      const settled = await waitUntil(
        `case ${submitted.caseId} settles`,
        async () => {
          const answer = await httpCall(stack.baseUrl, 'GET', `/cases/${submitted.caseId}`, {
            token: applicantToken,
          });
          return answer.body.status === 'approved' ? answer.body : undefined;
        },
        TASK_TIMEOUT_MS,
      );
      expect(settled.status).toBe('approved');
    }, 240_000);
  },
);

it('met conditional entries, upstream outputs, and downloads both allowed and refused across the samples', () => {
  console.log(`data-contract sweep: ${catalog.length} definitions, ${JSON.stringify(tally)}`);
  const steps = catalog.flatMap((definition) => definition.steps);
  expect(tally.manualSteps).toBe(steps.filter((step) => step.kind === 'manual').length);
  expect(tally.autoSteps).toBe(steps.filter((step) => step.kind === 'auto').length);
  for (const count of Object.values(tally)) expect(count).toBeGreaterThan(0);
});

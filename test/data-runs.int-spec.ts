import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseWorkflowId, taskWorkflowId } from '@onething/case-model';
import { SAMPLE_CATALOG_DIRECTORY } from '@onething/definition/node';
import {
  createPerson,
  httpCall,
  recordHistories,
  startTestStack,
  submitCase,
  TestPerson,
  TestStack,
  waitUntil,
} from '@onething/testing';

// Data runs, not people (数据多跑路), on the real stack: the talent office's certificate number reaches the
// housing bureau and the household registry by the definition alone, never the insurance step, and the
// applicant reads it in the result. Sample: talent-certificate-flow.yaml, published here under a new key.
type Json = Record<string, any>;

const KEY = 'talent-certificate-flow-e2e';
const CERTIFICATE = 'RC-2026-000123';
const CERTIFICATE_ENTRY = 'steps.talentCertification.outputs.certificateNumber';
const source = readFileSync(join(SAMPLE_CATALOG_DIRECTORY, 'talent-certificate-flow.yaml'), 'utf8').replace(
  'key: talent-certificate-flow',
  `key: ${KEY}`,
);
const application = {
  fullName: '李四',
  residentId: '11010519491231002X',
  employer: '杭州未来科技有限公司',
  bankAccount: '6222020200112233445',
  married: true,
  spouseName: '王五',
};

let stack: TestStack;
let housingWorker: TestPerson;

beforeAll(async () => {
  stack = await startTestStack();
  housingWorker = await createPerson(stack, 'department_worker', ['housing']);
});
afterAll(async () => {
  await stack.close();
});

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return httpCall<Json>(stack.baseUrl, method, path, { headers, body });
}
const admin = () => stack.headers('administrator');
const talentWorker = () => stack.headers('department_worker');

const openTask = (caseId: string, headers: Record<string, string>) =>
  waitUntil(`an open task of case ${caseId}`, async () => {
    const { body } = await call('GET', `/tasks?status=open&caseId=${caseId}`, headers);
    return (body.items as { id: string }[])[0];
  });

describe('step outputs: the sample talent certification', () => {
  it('validates, plans with outputs in the matrix, composes one form without them, and publishes', async () => {
    const validated = await call('POST', '/definitions/validate', await admin(), { source, format: 'yaml' });
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({ valid: true });
    const draft = await call('POST', '/definitions/drafts', await admin(), { source, format: 'yaml' });
    expect(draft.status).toBe(201);
    const plan = await call('GET', `/definitions/${KEY}/versions/1/plan`, await admin());
    expect(plan.body.matrix.cells['housing'][CERTIFICATE_ENTRY]).toEqual(['housingSubsidy']);
    expect(plan.body.matrix.cells['public-security'][CERTIFICATE_ENTRY]).toEqual(['householdSettlement']);
    expect(plan.body.matrix.cells['hrss'][CERTIFICATE_ENTRY]).toBeUndefined();
    expect(plan.body.matrix).toMatchObject({ askedButUnused: [], receivedBeyondNeed: [] });
    const form = await call('GET', `/definitions/${KEY}/versions/1/form`, await admin());
    expect(Object.keys(form.body.schema.properties)).toEqual(Object.keys(application));
    const published = await call('POST', `/definitions/${KEY}/versions/1/publish`, await admin(), {
      revision: draft.body.revision,
    });
    expect(published.status).toBe(200);
  });

  it('sends the certificate number to exactly the consuming steps and shows it to the applicant', async () => {
    const caseId = await submitCase(stack, KEY, application);

    // The talent office decides with an output form; without the required outputs it is refused.
    const certification = await openTask(caseId, await talentWorker());
    const view = await call('GET', `/tasks/${certification.id}`, await talentWorker());
    expect(view.body.outputForm.schema.required).toEqual(['certificateNumber', 'talentLevel']);
    expect(view.body.data).toEqual({
      fullName: application.fullName,
      residentId: application.residentId,
      employer: application.employer,
    });
    const refused = await call('POST', `/tasks/${certification.id}/decision`, await talentWorker(), {
      decision: 'approved',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((d: Json) => [d.path, d.code])).toEqual([
      ['outputs.certificateNumber', 'REQUIRED'],
      ['outputs.talentLevel', 'REQUIRED'],
    ]);
    expect((await call('GET', `/tasks/${certification.id}`, await talentWorker())).body.status).toBe('open');
    const decided = await call('POST', `/tasks/${certification.id}/decision`, await talentWorker(), {
      decision: 'approved',
      outputs: { certificateNumber: CERTIFICATE, talentLevel: 'a' },
    });
    expect(decided.status).toBe(201);
    expect(decided.body.outputs).toEqual({ certificateNumber: CERTIFICATE, talentLevel: 'a' });

    // The housing bureau receives it (and the spouse, whose entry's condition holds), typed by nobody.
    const housing = await openTask(caseId, await housingWorker.headers());
    const housingView = await call('GET', `/tasks/${housing.id}`, await housingWorker.headers());
    expect(housingView.body.data).toEqual({
      fullName: application.fullName,
      residentId: application.residentId,
      bankAccount: application.bankAccount,
      [CERTIFICATE_ENTRY]: CERTIFICATE,
      'steps.talentCertification.outputs.talentLevel': 'a',
      spouseName: application.spouseName,
    });
    const subsidy = await call('POST', `/tasks/${housing.id}/decision`, await housingWorker.headers(), {
      decision: 'approved',
      outputs: { monthlySubsidy: 3000 },
    });
    expect(subsidy.status).toBe(201);

    const finished = await waitUntil('the case to be approved', async () => {
      const { body } = await call('GET', `/cases/${caseId}`, await stack.headers('applicant'));
      return body.status === 'approved' ? body : undefined;
    });
    expect(
      (finished.result.outputs as Json[]).map((output) => [output.stepId, output.outputId, output.value]),
    ).toEqual([
      ['talentCertification', 'certificateNumber', CERTIFICATE],
      ['insuranceTransfer', 'insuranceNumber', expect.stringMatching(/^SI/)],
      ['housingSubsidy', 'monthlySubsidy', 3000],
      ['householdSettlement', 'householdRecordNumber', expect.stringMatching(/^HR/)],
    ]);

    // Exactly the consuming steps: the household registry received it, social insurance did not.
    const settlement = await stack.departmentCalls('household-registry', { caseId });
    expect(settlement[0]?.body['data']).toMatchObject({ [CERTIFICATE_ENTRY]: CERTIFICATE });
    const insurance = await stack.departmentCalls('social-insurance', { caseId });
    expect(insurance.length).toBeGreaterThan(0);
    expect(JSON.stringify(insurance.map((c) => c.body))).not.toContain(CERTIFICATE);
    const certificationAgain = await call('GET', `/tasks/${certification.id}`, await talentWorker());
    expect(JSON.stringify(certificationAgain.body.data)).not.toContain(CERTIFICATE);

    // The one result notice carries it.
    const notice = await waitUntil('the result notice', async () => {
      const { body } = await call(
        'GET',
        `/me/notifications?caseId=${caseId}&kind=case-result`,
        await stack.headers('applicant'),
      );
      return (body.items as Json[])[0];
    });
    expect(notice.body['zh-CN']).toContain(`人才认定证书编号：${CERTIFICATE}`);
    expect(notice.body.en).toContain(`Talent certificate number: ${CERTIFICATE}`);

    // The new shape (decisions and answers carrying outputs) is replayed by test/replay from now on.
    await recordHistories(stack.client, {
      'outputs-certificate-flow': caseWorkflowId(caseId),
      'outputs-certificate-flow-talentCertification': taskWorkflowId(caseId, 'talentCertification'),
      'outputs-certificate-flow-housingSubsidy': taskWorkflowId(caseId, 'housingSubsidy'),
    });
  });
});

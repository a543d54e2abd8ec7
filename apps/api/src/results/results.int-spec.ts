import { TaskEntity } from '@onething/persistence';
import {
  exampleApplication,
  httpCall,
  PERSONAL_DATA_MARKERS,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';
import type { Role } from '@onething/auth';

const VERIFY_LIMIT = 25;
let stack: TestStack;
let caseId: string;

async function call(role: Role | 'anonymous', path: string, method = 'GET', body?: unknown) {
  const headers: Record<string, string> =
    role === 'anonymous' ? {} : { authorization: (await stack.headers(role)).authorization };
  return httpCall(stack.baseUrl, method, path, { headers, body });
}

/** The same text with one ASCII character at `index` replaced by another. */
const changeByte = (text: string, index: number) =>
  text.slice(0, index) + (text[index] === '1' ? '2' : '1') + text.slice(index + 1);

beforeAll(async () => {
  stack = await startTestStack({ env: { RESULT_VERIFY_RATE_LIMIT_PER_MINUTE: String(VERIFY_LIMIT) } });
  caseId = await submitCase(stack, 'talent-introduction', exampleApplication());
});
afterAll(async () => {
  // The verification budget is per address: leave none spent for the next test file in this schema.
  await stack.dataSource.query(`DELETE FROM throttle_counters WHERE key LIKE 'verify:%'`);
  await stack.close();
});

describe('the verifiable result', () => {
  it('is not issued before the case closes', async () => {
    const early = await call('applicant', `/cases/${caseId}/result.json`);
    expect(early.status).toBe(409);
    expect(early.body.details[0]).toMatchObject({ code: 'RESULT_NOT_READY', path: 'id' });
  });

  it('is issued once the case closes: every department’s decision, signed over its canonical JSON', async () => {
    const task = await waitUntil(
      'the task',
      async () =>
        (await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId, status: 'open' })) ?? undefined,
    );
    expect(
      (await call('department_worker', `/tasks/${task.id}/decision`, 'POST', { decision: 'approved' }))
        .status,
    ).toBe(201);
    await waitUntil(
      'the merged result',
      async () => (await call('applicant', `/cases/${caseId}`)).body.result ?? undefined,
    );

    const signed = await call('applicant', `/cases/${caseId}/result.json`);
    expect(signed.status).toBe(200);
    expect(signed.body.document).toMatchObject({
      type: 'onething.result',
      caseId,
      decision: 'approved',
      oneThing: { key: 'talent-introduction', title: { 'zh-CN': '人才引进一件事' } },
    });
    expect(
      signed.body.document.departments.map((d: { department: { code: string } }) => d.department.code).sort(),
    ).toEqual(['hrss', 'market-regulation', 'talent-office']);
    expect(signed.body.signature).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    expect(signed.body.verification.url).toBe(
      `${stack.config.results.publicBaseUrl}/verify/${signed.body.verification.resultId}?sig=${signed.body.signature}`,
    );
    // Issued once: a second download is the same document and signature.
    const again = await call('applicant', `/cases/${caseId}/result.json`);
    expect(again.body.canonical).toBe(signed.body.canonical);
    expect(again.body.signature).toBe(signed.body.signature);
    // The download is a read of personal data like any other.
    const trail = await call('auditor', `/admin/audit?caseId=${caseId}`);
    expect(trail.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: 'result', role: 'applicant', purpose: 'own-case' }),
      ]),
    );
  });

  it('prints as a PDF with the Chinese font embedded and the verification QR code', async () => {
    const response = await fetch(`${stack.baseUrl}/cases/${caseId}/result.pdf`, {
      headers: { authorization: (await stack.headers('applicant')).authorization },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/FontFile[23]?\b/);
    expect(text).toContain('NotoSansCJK');
    expect(text).toMatch(/\/Subtype \/Image/);
  });

  it('verifies at the public route, answering only non-personal facts; one changed byte fails', async () => {
    const { document, signature, verification } = (await call('applicant', `/cases/${caseId}/result.json`))
      .body;
    const presented = await call('anonymous', '/verify', 'POST', { document, signature });
    expect(presented.status).toBe(200);
    expect(presented.body).toMatchObject({
      valid: true,
      result: {
        resultId: verification.resultId,
        decision: 'approved',
        oneThing: { key: 'talent-introduction' },
      },
    });
    expect(presented.body.result.departments).toHaveLength(3);
    const answered = JSON.stringify(presented.body);
    expect(answered).not.toContain(caseId);
    for (const marker of PERSONAL_DATA_MARKERS) expect(answered).not.toContain(marker);

    const byLink = await call('anonymous', `/verify/${verification.resultId}?sig=${signature}`);
    expect(byLink.body).toMatchObject({ valid: true, result: presented.body.result });

    // One changed byte in the document (a digit of its completion time), then in the signature.
    const text = JSON.stringify(document);
    const at = text.indexOf('"completedAt":"') + '"completedAt":"'.length + 3;
    const changed = JSON.parse(changeByte(text, at)) as Record<string, unknown>;
    expect(changed.completedAt).not.toBe(document.completedAt);
    expect((await call('anonymous', '/verify', 'POST', { document: changed, signature })).body).toEqual({
      valid: false,
      result: null,
    });
    const middle = signature.length - 20;
    const forged = changeByte(signature, middle);
    expect((await call('anonymous', '/verify', 'POST', { document, signature: forged })).body.valid).toBe(
      false,
    );
    expect((await call('anonymous', `/verify/${verification.resultId}?sig=${forged}`)).body.valid).toBe(
      false,
    );
    const unknown = await call('anonymous', `/verify/00000000-0000-4000-8000-000000000000?sig=${signature}`);
    expect(unknown.body).toEqual({ valid: false, result: null });
    // The public keys verify offline.
    const keys = await call('anonymous', '/.well-known/result-keys.json');
    expect(keys.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(keys.body.keys[0]).not.toHaveProperty('d');
  });

  it('refuses a malformed verification request with its path, and limits verifications per address', async () => {
    const malformed = await call('anonymous', '/verify', 'POST', { document: {}, signature: 'not a jws' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].path).toBe('signature');
    let status = 200;
    for (let i = 0; i < VERIFY_LIMIT + 1 && status !== 429; i += 1) {
      status = (await call('anonymous', `/verify/00000000-0000-4000-8000-000000000000?sig=a..b`)).status;
    }
    expect(status).toBe(429);
  });
});

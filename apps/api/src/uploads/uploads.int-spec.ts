import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CaseEntity, TaskEntity, UploadEntity } from '@onething/persistence';
import type { BlobStore } from '@onething/uploads';
import {
  EICAR,
  httpCall,
  loginAt,
  startFakeClamd,
  startMotoServer,
  startTestStack,
  TEST_PASSWORD,
  type MotoServer,
  waitUntil,
  type FakeClamd,
  type HttpCallOptions,
  type TestStack,
} from '@onething/testing';
import { BLOB_STORE } from './blob-store.provider';
import { UploadSweeper } from './upload-sweeper';

const MAX_BYTES = 64 * 1024;
const MAX_PENDING = 5;
const TTL_SECONDS = 3600;

let stack: TestStack;
let dataDir: string;
let store: BlobStore;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'onething-uploads-'));
  stack = await startTestStack({
    env: {
      DATA_DIR: dataDir,
      UPLOAD_MAX_BYTES: String(MAX_BYTES),
      UPLOAD_MAX_PENDING_PER_ACCOUNT: String(MAX_PENDING),
      UPLOAD_TTL_SECONDS: String(TTL_SECONDS),
      UPLOAD_SWEEP_INTERVAL_MS: '0',
      // PNG is not accepted by the platform here, so a PNG under a .pdf name meets a real refusal.
      UPLOAD_ACCEPTED_TYPES: 'application/pdf,image/jpeg',
    },
  });
  store = stack.api.get<BlobStore>(BLOB_STORE);
});
afterAll(async () => {
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A PDF's bytes: its magic number and a distinguishing text. */
const pdf = (text: string = randomUUID(), size = 0) =>
  Buffer.concat([Buffer.from(`%PDF-1.4\n% ${text}\n`), Buffer.alloc(size, 0x20), Buffer.from('%%EOF\n')]);
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
  'hex',
);

async function token(username: string): Promise<string> {
  return (await loginAt(stack.baseUrl, username)).accessToken;
}

/** A fresh applicant (limits are per person, so tests that count use their own). */
async function newApplicant(): Promise<string> {
  const username = `up-${randomUUID().slice(0, 8)}`;
  const created = await httpCall(stack.baseUrl, 'POST', '/admin/users', {
    headers: await stack.headers('administrator'),
    body: { username, displayName: 'Uploader', password: TEST_PASSWORD, roles: ['applicant'] },
  });
  expect(created.status).toBe(201);
  return token(username);
}

function upload(
  tokenOf: string,
  bytes: Buffer,
  query: Record<string, string>,
  options: HttpCallOptions = {},
) {
  return httpCall(stack.baseUrl, 'POST', `/uploads?${new URLSearchParams(query).toString()}`, {
    ...options,
    token: tokenOf,
    bytes,
  });
}

/** What is stored: upload rows and blobs. */
async function stored() {
  return {
    rows: await stack.dataSource.getRepository(UploadEntity).count(),
    blobs: (await store.list()).length,
  };
}

const forLaborContract = { definitionKey: 'talent-settlement', fieldId: 'laborContract' };

describe('POST /uploads', () => {
  it('stores a file typed by its bytes, and the same bytes twice only once', async () => {
    const applicant = await newApplicant();
    const other = await newApplicant();
    const bytes = pdf();
    const before = await stored();
    const first = await upload(
      applicant,
      bytes,
      { name: '劳动合同.pdf' },
      { headers: { 'content-type': 'application/octet-stream' } },
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: '劳动合同.pdf',
      contentType: 'application/pdf',
      sizeBytes: bytes.length,
    });
    expect(first.body.ref).toBe(`sha256:${first.body.sha256}`);
    const again = await upload(applicant, bytes, { name: 'contract-again.pdf' });
    const byOther = await upload(other, bytes, { name: 'mine.pdf' });
    expect([again.status, byOther.status]).toEqual([201, 201]);
    expect(await stored()).toEqual({ rows: before.rows + 2, blobs: before.blobs + 1 });
    expect((await store.list()).filter((sha) => sha === first.body.sha256)).toHaveLength(1);
  });

  describe('refuses, with a code and nothing stored,', () => {
    let applicant: string;
    let before: { rows: number; blobs: number };
    beforeAll(async () => {
      applicant = await newApplicant();
    });
    beforeEach(async () => {
      before = await stored();
    });
    afterEach(async () => {
      expect(await stored()).toEqual(before);
    });

    it('a PNG named .pdf and sent as application/pdf (the bytes decide)', async () => {
      const answer = await upload(applicant, PNG, { name: 'contract.pdf', ...forLaborContract });
      expect(answer.status).toBe(415);
      expect(answer.body.details[0]).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ACCEPTED' });
      const text = await upload(applicant, Buffer.from('just text, named like a PDF'), { name: 'a.pdf' });
      expect(text.status).toBe(415);
    });

    it('a file over the limit, declared or streamed without a length (413)', async () => {
      const declared = await upload(applicant, pdf('big', MAX_BYTES), { name: 'big.pdf' });
      expect(declared.status).toBe(413);
      expect(declared.body.details[0]).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
      const chunk = pdf('chunk', 16 * 1024);
      let sent = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const response = await fetch(`${stack.baseUrl}/uploads?name=stream.pdf`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${applicant}` },
        body: endless,
        duplex: 'half',
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { details: { code: string }[] }).details[0].code).toBe(
        'UPLOAD_TOO_LARGE',
      );
      expect(sent).toBeLessThan(64 * MAX_BYTES);
    });

    it("a file over its field's maxSizeBytes is measured against the smaller of field and platform", async () => {
      const answer = await upload(applicant, pdf('field', MAX_BYTES + 10), {
        name: 'x.pdf',
        ...forLaborContract,
      });
      expect(answer.status).toBe(413);
    });

    it('an empty file', async () => {
      const answer = await upload(applicant, Buffer.alloc(0), { name: 'empty.pdf' });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ code: 'UPLOAD_REFUSED', details: [{ code: 'UPLOAD_EMPTY' }] });
    });

    it.each([
      '../../etc/passwd.pdf',
      'C:\\temp\\a.pdf',
      'scans/a.pdf',
      'a\u0007.pdf',
      'invoice\u202efdp.pdf',
    ])('the path-like or hidden-character name %j', async (name) => {
      const answer = await upload(applicant, pdf(), { name });
      expect(answer.status).toBe(422);
      expect(answer.body.details[0]).toMatchObject({ code: 'UPLOAD_NAME_REFUSED', path: 'name' });
    });

    it('a field that is not an attachment field of a published definition', async () => {
      const answer = await upload(applicant, pdf(), {
        name: 'a.pdf',
        definitionKey: 'talent-settlement',
        fieldId: 'fullName',
      });
      expect(answer.status).toBe(422);
      expect(answer.body.details[0]).toMatchObject({ code: 'UPLOAD_UNKNOWN_FIELD', path: 'fieldId' });
    });
  });

  it("refuses one upload too many: the field's maxCount, then the platform's pending limit", async () => {
    const applicant = await newApplicant();
    for (let i = 0; i < 3; i += 1)
      expect((await upload(applicant, pdf(), { name: `c${i}.pdf`, ...forLaborContract })).status).toBe(201);
    const before = await stored();
    const fourth = await upload(applicant, pdf(), { name: 'c3.pdf', ...forLaborContract });
    expect(fourth.status).toBe(422);
    expect(fourth.body.details[0]).toMatchObject({ code: 'UPLOAD_TOO_MANY', path: 'fieldId' });
    for (let i = 3; i < MAX_PENDING; i += 1)
      expect((await upload(applicant, pdf(), { name: `o${i}.pdf` })).status).toBe(201);
    const beforeLast = await stored();
    const last = await upload(applicant, pdf(), { name: 'one-too-many.pdf' });
    expect(last.status).toBe(422);
    expect(last.body.details[0]).toMatchObject({ code: 'UPLOAD_TOO_MANY' });
    expect(await stored()).toEqual(beforeLast);
    expect(before.rows).toBeLessThan(beforeLast.rows);
  });
});

/** A valid talent-settlement application around these attachment references. */
function settlementApplication(laborContract: unknown[]): Record<string, unknown> {
  return {
    fullName: '张三',
    residentId: '11010519491231002X',
    mobile: '13812345678',
    talentCategory: 'b',
    employer: 'Acme',
    laborContract,
    settlementAddress: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园1号' },
    bankAccount: '6222020200112233445',
    hasChildren: false,
  };
}

function submit(tokenOf: string, application: Record<string, unknown>) {
  return httpCall(stack.baseUrl, 'POST', '/cases', {
    token: tokenOf,
    body: { definitionKey: 'talent-settlement', application },
  });
}

describe('POST /cases with attachments', () => {
  it("refuses another person's upload and an unknown hash with 422 at the field's path, creating nothing", async () => {
    const applicant = await newApplicant();
    const other = await newApplicant();
    const foreign = (await upload(other, pdf(), { name: 'theirs.pdf' })).body;
    const casesBefore = await stack.dataSource.getRepository(CaseEntity).count();
    for (const ref of [foreign.ref, `sha256:${'0'.repeat(64)}`]) {
      const answer = await submit(applicant, settlementApplication([{ ref, name: 'x.pdf' }]));
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        code: 'ATTACHMENT_UNKNOWN',
        details: [{ code: 'ATTACHMENT_UNKNOWN', path: 'application.laborContract.0.ref' }],
      });
    }
    expect(await stack.dataSource.getRepository(CaseEntity).count()).toBe(casesBefore);
  });

  describe('an accepted case', () => {
    let applicant: string;
    let upload1: { ref: string; sha256: string; sizeBytes: number };
    let caseId: string;
    let task: TaskEntity;
    const bytes = pdf('the applicant contract');

    beforeAll(async () => {
      applicant = await token(stack.accounts.applicant.username);
      upload1 = (await upload(applicant, bytes, { name: 'contract.pdf', ...forLaborContract })).body;
      // The client claims another type and size: the stored upload's facts win.
      const answer = await submit(
        applicant,
        settlementApplication([
          { ref: upload1.ref, name: '合同.pdf', contentType: 'image/png', sizeBytes: 1 },
        ]),
      );
      expect(answer.status).toBe(201);
      caseId = answer.body.id;
      task = await waitUntil('the talent office task', () =>
        stack.dataSource
          .getRepository(TaskEntity)
          .findOneBy({ caseId, stepId: 'talentCertification' })
          .then((found) => found ?? undefined),
      );
    });

    it('carries the stored type and size, not what the client said', async () => {
      const row = await stack.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId });
      expect(row.application['laborContract']).toEqual([
        { ref: upload1.ref, name: '合同.pdf', contentType: 'application/pdf', sizeBytes: bytes.length },
      ]);
    });

    it('keeps the file as the applicant’s material, listed without an expiry and reusable in the next case', async () => {
      const materials = await httpCall(stack.baseUrl, 'GET', '/me/materials?limit=100', { token: applicant });
      expect(materials.status).toBe(200);
      expect(materials.body.items).toContainEqual(
        expect.objectContaining({ ref: upload1.ref, expiresAt: null }),
      );
      const reused = await submit(
        applicant,
        settlementApplication([{ ref: upload1.ref, name: 'again.pdf' }]),
      );
      expect(reused.status).toBe(201);
    });

    it('lets the department whose step contract names the field download it, and records the read', async () => {
      const worker = await stack.headers('department_worker');
      const answer = await httpCall(stack.baseUrl, 'GET', `/tasks/${task.id}/attachments/${upload1.sha256}`, {
        headers: worker,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/pdf');
      expect(answer.headers.get('content-disposition')).toContain("filename*=UTF-8''%E5%90%88%E5%90%8C.pdf");
      expect(Buffer.from(answer.body as string).equals(bytes)).toBe(true);
      const trail = await stack.dataSource.query(
        `SELECT resource, fields, purpose, department FROM access_trail WHERE case_id = $1`,
        [caseId],
      );
      expect(trail).toContainEqual(
        expect.objectContaining({
          resource: 'attachment',
          fields: ['laborContract'],
          purpose: 'case-processing',
          department: 'talent-office',
        }),
      );
    });

    it('answers 404 for a task whose contract lacks the field, and for another department’s task', async () => {
      const worker = await stack.headers('department_worker');
      const tasks = stack.dataSource.getRepository(TaskEntity);
      const base = {
        caseId,
        status: 'open' as const,
        decisionReason: null,
        decidedBy: null,
        decidedAt: null,
      };
      const outside = await tasks.save({
        ...base,
        stepId: 'elsewhere',
        department: 'talent-office',
        data: { fullName: '张三' },
        workflowId: `task-${randomUUID()}`,
      });
      const housing = await tasks.save({
        ...base,
        stepId: 'housingSubsidy',
        department: 'housing',
        data: task.data,
        workflowId: `task-${randomUUID()}`,
      });
      for (const id of [outside.id, housing.id]) {
        const answer = await httpCall(stack.baseUrl, 'GET', `/tasks/${id}/attachments/${upload1.sha256}`, {
          headers: worker,
        });
        expect(answer.status).toBe(404);
      }
    });

    it('lets the applicant download their own material, and nobody else', async () => {
      const own = await httpCall(stack.baseUrl, 'GET', `/me/materials/${upload1.sha256}/content`, {
        token: applicant,
      });
      expect(own.status).toBe(200);
      expect(Buffer.from(own.body as string).equals(bytes)).toBe(true);
      const stranger = await httpCall(stack.baseUrl, 'GET', `/me/materials/${upload1.sha256}/content`, {
        token: await newApplicant(),
      });
      expect(stranger.status).toBe(404);
    });

    it('survives the sweep, which deletes only unreferenced uploads past their expiry (and their unused blobs)', async () => {
      const pending = (await upload(applicant, pdf('left unreferenced'), { name: 'draft.pdf' })).body;
      const sweeper = stack.api.get(UploadSweeper);
      expect(await sweeper.sweep(new Date())).toEqual({ rows: 0, blobs: 0 });
      const later = new Date(Date.now() + (TTL_SECONDS + 1) * 1000);
      const swept = await sweeper.sweep(later);
      expect(swept.rows).toBeGreaterThanOrEqual(1);
      expect(await store.has(pending.sha256)).toBe(false);
      expect(await store.has(upload1.sha256)).toBe(true);
      const materials = await httpCall(stack.baseUrl, 'GET', '/me/materials?limit=100', { token: applicant });
      const refs = (materials.body.items as { ref: string }[]).map((item) => item.ref);
      expect(refs).toContain(upload1.ref);
      expect(refs).not.toContain(pending.ref);
    });

    it("answers a notice only with the caller's own files, carrying their stored facts", async () => {
      const worker = await stack.headers('department_worker');
      const asked = await httpCall(stack.baseUrl, 'POST', `/tasks/${task.id}/material-requests`, {
        headers: worker,
        body: { fields: ['laborContract'], message: 'A signed copy, please' },
      });
      expect(asked.status).toBe(201);
      const notice = await waitUntil('the notice', async () => {
        const found = await httpCall(stack.baseUrl, 'GET', `/cases/${caseId}/notices`, { token: applicant });
        return (found.body.items as { id: string; status: string }[]).find((n) => n.status === 'open');
      });
      const answerPath = `/cases/${caseId}/notices/${notice.id}/answer`;
      const foreign = (await upload(await newApplicant(), pdf(), { name: 'theirs.pdf' })).body;
      const refused = await httpCall(stack.baseUrl, 'POST', answerPath, {
        token: applicant,
        body: { values: { laborContract: [{ ref: foreign.ref, name: 'theirs.pdf' }] } },
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'ATTACHMENT_UNKNOWN', path: 'values.laborContract.0.ref' });
      const signed = (await upload(applicant, pdf('signed copy'), { name: 'signed.pdf' })).body;
      const answered = await httpCall(stack.baseUrl, 'POST', answerPath, {
        token: applicant,
        body: {
          values: {
            laborContract: [{ ref: signed.ref, name: 'signed.pdf', contentType: 'image/png', sizeBytes: 1 }],
          },
        },
      });
      expect(answered.status).toBe(200);
      const [saved] = await stack.dataSource.query<{ values: Record<string, unknown> }[]>(
        `SELECT values FROM material_answers WHERE notice_id = $1 AND status <> 'refused'`,
        [notice.id],
      );
      expect(saved.values['laborContract']).toEqual([
        { ref: signed.ref, name: 'signed.pdf', contentType: 'application/pdf', sizeBytes: signed.sizeBytes },
      ]);
    });
  });
});

describe('GET /me/materials', () => {
  it('pages newest first with an opaque cursor, and refuses a malformed one', async () => {
    const applicant = await newApplicant();
    const names = ['one.pdf', 'two.pdf', 'three.pdf'];
    for (const name of names) expect((await upload(applicant, pdf(), { name })).status).toBe(201);
    const first = await httpCall(stack.baseUrl, 'GET', '/me/materials?limit=2', { token: applicant });
    expect(first.body.items.map((item: { name: string }) => item.name)).toEqual(['three.pdf', 'two.pdf']);
    const second = await httpCall(
      stack.baseUrl,
      'GET',
      `/me/materials?limit=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`,
      { token: applicant },
    );
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'one.pdf' })], nextCursor: null });
    const bad = await httpCall(stack.baseUrl, 'GET', '/me/materials?cursor=not-a-cursor', {
      token: applicant,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ code: 'INVALID_CURSOR', path: 'cursor' });
  });
});

describe('with a malware scanner (clamd)', () => {
  let scanned: TestStack;
  let clamd: FakeClamd;
  let scanDir: string;
  beforeAll(async () => {
    clamd = await startFakeClamd();
    scanDir = await mkdtemp(join(tmpdir(), 'onething-scan-'));
    scanned = await startTestStack({
      withWorker: false,
      env: { DATA_DIR: scanDir, CLAMD_ADDRESS: `${clamd.host}:${clamd.port}`, UPLOAD_SWEEP_INTERVAL_MS: '0' },
    });
  });
  afterAll(async () => {
    await scanned?.close();
    await clamd?.close();
    await rm(scanDir, { recursive: true, force: true });
  });

  it('stores a clean file and refuses an infected one, storing nothing', async () => {
    const applicant = (await loginAt(scanned.baseUrl, scanned.accounts.applicant.username)).accessToken;
    const send = (bytes: Buffer) =>
      httpCall(scanned.baseUrl, 'POST', '/uploads?name=scan.pdf', { token: applicant, bytes });
    expect((await send(pdf('clean'))).status).toBe(201);
    const blobs = await scanned.api.get<BlobStore>(BLOB_STORE).list();
    const infected = await send(pdf(EICAR));
    expect(infected.status).toBe(422);
    expect(infected.body.details[0]).toMatchObject({ code: 'UPLOAD_INFECTED' });
    expect(await scanned.api.get<BlobStore>(BLOB_STORE).list()).toEqual(blobs);
    expect(clamd.received).toHaveLength(2);
  });
});

describe('with S3-compatible storage (moto_server)', () => {
  let moto: MotoServer;
  let s3Stack: TestStack;
  let s3Store: BlobStore;
  let applicant: string;
  const s3Dir = join(tmpdir(), `onething-s3-${randomUUID()}`);
  beforeAll(async () => {
    moto = await startMotoServer();
    const bucket = 'onething-materials';
    await new S3Client({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }).send(new CreateBucketCommand({ Bucket: bucket }));
    s3Stack = await startTestStack({
      withWorker: false,
      env: {
        DATA_DIR: s3Dir,
        UPLOAD_STORAGE: 's3',
        UPLOAD_S3_BUCKET: bucket,
        UPLOAD_S3_ENDPOINT: moto.endpoint,
        UPLOAD_S3_ACCESS_KEY_ID: 'test',
        UPLOAD_S3_SECRET_ACCESS_KEY: 'test',
        UPLOAD_MAX_BYTES: String(MAX_BYTES),
        UPLOAD_ACCEPTED_TYPES: 'application/pdf,image/jpeg',
        UPLOAD_SWEEP_INTERVAL_MS: '0',
      },
    });
    s3Store = s3Stack.api.get<BlobStore>(BLOB_STORE);
    applicant = (await loginAt(s3Stack.baseUrl, s3Stack.accounts.applicant.username)).accessToken;
  });
  afterAll(async () => {
    await s3Stack?.close();
    await moto?.stop();
    await rm(s3Dir, { recursive: true, force: true });
  });

  const send = (bytes: Buffer, name = 'contract.pdf') =>
    httpCall(s3Stack.baseUrl, 'POST', `/uploads?name=${encodeURIComponent(name)}`, {
      token: applicant,
      bytes,
    });
  const objects = async () => ({
    rows: await s3Stack.dataSource.getRepository(UploadEntity).count(),
    objects: (await s3Store.list()).length,
  });

  it('stores the same bytes twice as one object and streams them back', async () => {
    const bytes = pdf('in the bucket');
    const before = await objects();
    const first = await send(bytes);
    expect(first.status).toBe(201);
    expect((await send(bytes, 'again.pdf')).status).toBe(201);
    expect(await objects()).toEqual({ rows: before.rows + 1, objects: before.objects + 1 });
    const back = await httpCall(s3Stack.baseUrl, 'GET', `/me/materials/${first.body.sha256}/content`, {
      token: applicant,
    });
    expect(back.status).toBe(200);
    expect(Buffer.from(back.body as string).equals(bytes)).toBe(true);
  });

  it('refuses a PNG named .pdf, an oversize, an empty file and a path-like name, storing nothing', async () => {
    const before = await objects();
    expect((await send(PNG)).status).toBe(415);
    expect((await send(pdf('big', MAX_BYTES))).status).toBe(413);
    expect((await send(Buffer.alloc(0))).status).toBe(422);
    expect((await send(pdf(), '../x.pdf')).status).toBe(422);
    expect(await objects()).toEqual(before);
  });

  it('answers 503 naming the storage when the bucket cannot be reached, and keeps no row', async () => {
    const rows = await s3Stack.dataSource.getRepository(UploadEntity).count();
    await moto.stop();
    const answer = await send(pdf('storage away'));
    expect(answer.status).toBe(503);
    expect(answer.body.details[0]).toMatchObject({ code: 'BLOB_STORAGE_UNAVAILABLE' });
    expect(await s3Stack.dataSource.getRepository(UploadEntity).count()).toBe(rows);
  });
});

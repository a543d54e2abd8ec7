import { randomUUID } from 'node:crypto';
import { AccessTrail, type AccessRecord } from '@onething/audit';
import { ReadModel, TaskEntity } from '@onething/persistence';
import {
  createPerson,
  exampleApplication,
  httpCall,
  PERSONAL_DATA_MARKERS,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';
import type { Role } from '@onething/auth';

let stack: TestStack;
let caseId: string;
let taskId: string;

interface TrailRecord {
  id: string;
  position: number;
  action: 'read' | 'decision';
  actor: { kind: string; id: string };
  role: string;
  department: string | null;
  caseId: string | null;
  caseIds: string[] | null;
  subjectAccountId: string | null;
  resource: string;
  fields: string[];
  purpose: string;
}

async function call(role: Role, path: string, method = 'GET', body?: unknown) {
  const { authorization } = await stack.headers(role);
  return httpCall(stack.baseUrl, method, path, { headers: { authorization }, body });
}

/** Every record of the trail, oldest first, through the auditors' route (following its cursor). */
async function wholeTrail(query = ''): Promise<TrailRecord[]> {
  const records: TrailRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await call(
      'auditor',
      `/admin/audit?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    records.push(...(page.body.items as TrailRecord[]));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return records.reverse();
}

beforeAll(async () => {
  stack = await startTestStack();
  caseId = await submitCase(stack, 'talent-introduction', exampleApplication());
  taskId = (
    await waitUntil(
      "the talent office's task",
      async () =>
        (await stack.dataSource.getRepository(TaskEntity).findOneBy({ caseId, status: 'open' })) ?? undefined,
    )
  ).id;
});
afterAll(async () => {
  await stack.close();
});

describe('the access trail', () => {
  it('records every read of personal data: who, role, department, case, field names, purpose', async () => {
    const before = (await wholeTrail(`&caseId=${caseId}`)).length;
    const reads: { role: Role; path: string; resource: RegExp; purpose: string; fields: string[] }[] = [
      {
        role: 'department_worker',
        path: `/tasks?caseId=${caseId}`,
        resource: /^worklist:talentCertification$/,
        purpose: 'case-processing',
        fields: ['employer', 'fullName', 'mobile', 'residentId', 'talentCategory'],
      },
      {
        role: 'department_worker',
        path: `/tasks/${taskId}`,
        resource: /^task:talentCertification$/,
        purpose: 'case-processing',
        fields: ['employer', 'fullName', 'mobile', 'residentId', 'talentCategory'],
      },
      {
        role: 'department_supervisor',
        path: `/cases/${caseId}`,
        resource: /^case$/,
        purpose: 'case-processing',
        fields: ['progress', 'result'],
      },
      {
        role: 'auditor',
        path: `/cases/${caseId}`,
        resource: /^case$/,
        purpose: 'audit',
        fields: ['progress', 'result'],
      },
      {
        role: 'administrator',
        path: `/cases/${caseId}`,
        resource: /^case$/,
        purpose: 'oversight',
        fields: ['progress', 'result'],
      },
      {
        role: 'applicant',
        path: `/cases/${caseId}`,
        resource: /^case$/,
        purpose: 'own-case',
        fields: ['progress', 'result'],
      },
    ];
    for (const read of reads) expect((await call(read.role, read.path)).status).toBe(200);

    const records = (await wholeTrail(`&caseId=${caseId}`)).slice(before);
    expect(records).toHaveLength(reads.length);
    reads.forEach((read, index) => {
      const record = records[index];
      expect(record).toMatchObject({
        action: 'read',
        actor: { kind: 'account', id: stack.accounts[read.role].id },
        role: read.role,
        caseId,
        purpose: read.purpose,
        fields: read.fields,
      });
      expect(record.resource).toMatch(read.resource);
      expect(record.department).toBe(read.purpose === 'case-processing' ? 'talent-office' : null);
    });
  });

  it('records a decision, and an administrator reading a person’s account', async () => {
    const decided = await call('department_worker', `/tasks/${taskId}/decision`, 'POST', {
      decision: 'approved',
    });
    expect(decided.status).toBe(201);
    expect((await call('administrator', `/admin/users/${stack.accounts.applicant.id}`)).status).toBe(200);
    const records = await wholeTrail();
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'decision',
          caseId,
          role: 'department_worker',
          department: 'talent-office',
          resource: 'step:talentCertification',
          fields: ['decision'],
        }),
        expect.objectContaining({
          resource: 'account',
          subjectAccountId: stack.accounts.applicant.id,
          role: 'administrator',
          purpose: 'oversight',
        }),
      ]),
    );
  });

  it('holds field names only, never the values read', async () => {
    const rows = await stack.dataSource.query('SELECT * FROM access_trail');
    const stored = JSON.stringify(rows);
    for (const marker of PERSONAL_DATA_MARKERS) expect(stored).not.toContain(marker);
  });

  it('shows the applicant who read which of their data and why, without naming the person', async () => {
    const log = await call('applicant', `/me/access-log?caseId=${caseId}`);
    expect(log.status).toBe(200);
    const items = log.body.items as Record<string, unknown>[];
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          role: 'department_worker',
          department: 'talent-office',
          resource: 'task:talentCertification',
          fields: ['employer', 'fullName', 'mobile', 'residentId', 'talentCategory'],
          purpose: 'case-processing',
        }),
        expect.objectContaining({ role: 'auditor', purpose: 'audit' }),
        // The auto steps' department systems, through their connectors: what they received, and their answer.
        expect.objectContaining({
          action: 'read',
          role: 'department_system',
          department: 'market-regulation',
          resource: 'step:creditCheck',
          fields: ['fullName', 'residentId'],
        }),
        expect.objectContaining({
          action: 'decision',
          role: 'department_system',
          department: 'hrss',
          resource: 'step:insuranceTransfer',
          fields: ['decision'],
        }),
      ]),
    );
    // Their own reads are left out; no worker is named.
    expect(items.some((item) => item.purpose === 'own-case')).toBe(false);
    expect(JSON.stringify(items)).not.toContain(stack.accounts.department_worker.id);
    expect(items.every((item) => item.caseId === caseId)).toBe(true);
  });

  it('records a worklist page of several cases as one access naming them; each applicant sees only their own case', async () => {
    const stranger = await createPerson(stack, 'applicant');
    const submitted = await httpCall(stack.baseUrl, 'POST', '/cases', {
      headers: await stranger.headers(),
      body: { definitionKey: 'talent-introduction', application: exampleApplication() },
    });
    expect(submitted.status).toBe(201);
    const theirs = submitted.body.id as string;
    const mine = await submitCase(stack, 'talent-introduction', exampleApplication());
    const tasks = stack.dataSource.getRepository(TaskEntity);
    for (const id of [theirs, mine])
      await waitUntil(
        `the talent office's task of ${id}`,
        async () => (await tasks.findOneBy({ caseId: id, status: 'open' })) ?? undefined,
      );

    const page = await call('department_worker', '/tasks?status=open&limit=50');
    expect(page.status).toBe(200);
    const shown = (page.body.items as { caseId: string }[]).map((task) => task.caseId);
    expect(shown).toEqual(expect.arrayContaining([theirs, mine]));

    // One record for the page's talent-certification tasks, found by either case.
    const [listed] = (await wholeTrail(`&caseId=${theirs}`)).filter((r) =>
      r.resource.startsWith('worklist:'),
    );
    expect(listed).toMatchObject({
      caseId: null,
      resource: 'worklist:talentCertification',
      role: 'department_worker',
      department: 'talent-office',
      fields: ['employer', 'fullName', 'mobile', 'residentId', 'talentCategory'],
    });
    expect(listed.caseIds).toEqual(expect.arrayContaining([theirs, mine]));
    expect(listed.caseIds).toEqual([...listed.caseIds!].sort());
    expect((await wholeTrail(`&caseId=${mine}`)).map((r) => r.id)).toContain(listed.id);

    // Each applicant's access log shows the read with their own case only, never the other's.
    const myLog = await call('applicant', '/me/access-log?limit=100');
    const myEntry = (myLog.body.items as { id: string; caseId: string; caseIds: string[] }[]).find(
      (entry) => entry.id === listed.id,
    );
    // This applicant's cases on the page (the one submitted here, and any other still open), first as caseId.
    expect(myEntry).toMatchObject({ resource: 'worklist:talentCertification' });
    expect(myEntry!.caseIds).toContain(mine);
    expect(myEntry!.caseId).toBe(myEntry!.caseIds[0]);
    expect(JSON.stringify(myLog.body)).not.toContain(theirs);
    // Paged two at a time, the log holds the same entries in the same order (its newest 20 compared: the
    // seeded applicant's log also holds other test files' reads).
    const newest = await call('applicant', '/me/access-log?limit=20');
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('applicant', `/me/access-log?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      paged.push(...(page.body.items as { id: string }[]).map((entry) => entry.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor && paged.length < 20);
    expect(paged).toEqual((newest.body.items as { id: string }[]).map((entry) => entry.id));
    const theirLog = await httpCall(stack.baseUrl, 'GET', '/me/access-log?limit=100', {
      headers: await stranger.headers(),
    });
    expect(theirLog.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: listed.id, caseId: theirs, caseIds: [theirs] })]),
    );
    expect(JSON.stringify(theirLog.body)).not.toContain(mine);

    // The list is in the record's hash: taking a case out of it is found.
    const runner = stack.dataSource.createQueryRunner();
    const setCases = (cases: string[]) =>
      runner.query(`UPDATE access_trail SET case_ids = $1 WHERE id = $2`, [cases, listed.id]);
    try {
      await runner.query(`SET session_replication_role = replica`);
      await setCases(
        listed
          .caseIds!.filter((id) => id !== theirs)
          .concat(randomUUID())
          .sort(),
      );
      const verdict = await call('auditor', '/admin/audit/verify');
      expect(verdict.body).toMatchObject({
        valid: false,
        firstBroken: { problem: 'content', id: listed.id, position: listed.position },
      });
    } finally {
      await setCases(listed.caseIds!);
      await runner.query(`SET session_replication_role = origin`);
      await runner.release();
    }
    expect((await call('auditor', '/admin/audit/verify')).body.valid).toBe(true);
  });

  it('pages the trail by keyset and refuses a cursor it did not give', async () => {
    const first = await call('auditor', `/admin/audit?caseId=${caseId}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await call(
      'auditor',
      `/admin/audit?caseId=${caseId}&limit=2&cursor=${first.body.nextCursor as string}`,
    );
    const positions = [...first.body.items, ...second.body.items].map((r: TrailRecord) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    expect(new Set(positions).size).toBe(4);
    const byActor = await call('auditor', `/admin/audit?actor=${stack.accounts.department_worker.id}`);
    expect(
      byActor.body.items.every((r: TrailRecord) => r.actor.id === stack.accounts.department_worker.id),
    ).toBe(true);
    const bad = await call('auditor', '/admin/audit?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'INVALID_CURSOR',
      details: [expect.objectContaining({ path: 'cursor' })],
    });
  });

  it('keeps one chain under concurrent writers', async () => {
    const before = (await call('auditor', '/admin/audit/verify')).body.head.position as number;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call('department_worker', `/tasks/${taskId}`)),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const verdict = await call('auditor', '/admin/audit/verify');
    expect(verdict.body).toMatchObject({ valid: true, firstBroken: null });
    expect(verdict.body.head.position).toBe(before + 20);
    expect(verdict.body.checked).toBe(verdict.body.head.position);
  });

  it('group-commits concurrent appends, every record durable before its caller resumes, one failure failing no other', async () => {
    const trail = stack.api.get(AccessTrail);
    const before = (await call('auditor', '/admin/audit/verify')).body.head.position as number;
    const page = (n: number): AccessRecord[] =>
      Array.from({ length: 5 }, (_, i) => ({
        actor: { kind: 'account', id: stack.accounts.department_worker.id },
        role: 'department_worker',
        department: 'talent-office',
        caseId,
        resource: 'worklist',
        fields: [`field${n}`, `field${i}`],
        purpose: 'case-processing',
      }));
    const appendsSince = async (seq: number) =>
      (
        await stack.dataSource.query<{ appends: string; records: string }[]>(
          `SELECT count(DISTINCT xmin::text) AS appends, count(*) AS records FROM access_trail WHERE seq > $1`,
          [seq],
        )
      ).map((row) => ({ appends: Number(row.appends), records: Number(row.records) }))[0];
    await Promise.all(Array.from({ length: 30 }, (_, n) => trail.recordMany(page(n))));
    const grouped = await appendsSince(before);
    expect(grouped.records).toBe(30 * 5);
    // Callers arriving while an append runs share the next one (one head lock, one commit).
    expect(grouped.appends).toBeLessThan(30);

    // The 13th caller's record cannot be stored (its case id is no UUID): only it is refused.
    const broken: AccessRecord = { ...page(0)[0], caseId: 'not-a-uuid' };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, n) => trail.recordMany(n === 12 ? [broken] : page(n))),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(
      Array.from({ length: 30 }, (_, n) => (n === 12 ? 'rejected' : 'fulfilled')),
    );
    expect((await appendsSince(before)).records).toBe(59 * 5);
    const verdict = await call('auditor', '/admin/audit/verify');
    expect(verdict.body).toMatchObject({ valid: true, firstBroken: null });
    expect(verdict.body.head.position).toBe(before + 59 * 5);
  });

  it('keeps one chain when another writer (a replica, the worker) moved the head behind an appender', async () => {
    const here = stack.api.get(AccessTrail);
    const elsewhere = new AccessTrail(stack.api.get(ReadModel));
    const before = (await call('auditor', '/admin/audit/verify')).body.head.position as number;
    const access: AccessRecord = {
      actor: { kind: 'account', id: stack.accounts.department_worker.id },
      role: 'department_worker',
      department: 'talent-office',
      caseId,
      resource: 'worklist',
      fields: ['fullName'],
      purpose: 'case-processing',
    };
    for (const writer of [here, elsewhere, here, elsewhere, elsewhere, here]) await writer.record(access);
    await Promise.all(
      [here, elsewhere, here, elsewhere].map((writer) => writer.recordMany([access, access])),
    );
    const verdict = await call('auditor', '/admin/audit/verify');
    expect(verdict.body).toMatchObject({ valid: true, firstBroken: null });
    expect(verdict.body.head.position).toBe(before + 6 + 8);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, and names a record changed behind the guard', async () => {
    await expect(stack.dataSource.query(`UPDATE access_trail SET purpose = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(stack.dataSource.query(`DELETE FROM access_trail`)).rejects.toThrow(/append-only/);
    await expect(stack.dataSource.query(`TRUNCATE access_trail`)).rejects.toThrow(/append-only/);

    const [victim] = await stack.dataSource.query<
      { id: string; seq: string; hash: string; fields: string[] }[]
    >(`SELECT id, seq, hash, fields FROM access_trail WHERE case_id = $1 ORDER BY seq LIMIT 1 OFFSET 1`, [
      caseId,
    ]);
    // A superuser switching triggers off: what an intruder with the database's keys could do.
    const tamper = async (fields: string[]) => {
      const runner = stack.dataSource.createQueryRunner();
      try {
        await runner.query(`SET session_replication_role = replica`);
        await runner.query(`UPDATE access_trail SET fields = $1 WHERE id = $2`, [fields, victim.id]);
      } finally {
        await runner.query(`SET session_replication_role = origin`);
        await runner.release();
      }
    };
    await tamper(['progress']);
    try {
      const verdict = await call('auditor', '/admin/audit/verify');
      expect(verdict.status).toBe(200);
      expect(verdict.body).toMatchObject({
        valid: false,
        firstBroken: {
          problem: 'content',
          id: victim.id,
          position: Number(victim.seq),
          foundHash: victim.hash,
          expectedHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      });
      expect(verdict.body.firstBroken.expectedHash).not.toBe(victim.hash);
    } finally {
      await tamper(victim.fields);
    }
    expect((await call('administrator', '/admin/audit/verify')).body.valid).toBe(true);
  });
});

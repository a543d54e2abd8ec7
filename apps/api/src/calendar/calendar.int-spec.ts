import { CalendarStore, seedYears } from '@onething/calendar-store';
import { calendarFromChineseDays } from '@onething/calendar/node';
import { httpCall, startTestStack, TestStack } from '@onething/testing';
import type { Role } from '@onething/auth';

let stack: TestStack;
let store: CalendarStore;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
  store = stack.api.get(CalendarStore);
});
afterAll(async () => {
  await stack.close();
});

type Json = Record<string, any>;
async function call(
  method: string,
  path: string,
  role: Role | 'anonymous' = 'administrator',
  body?: unknown,
) {
  const headers = role === 'anonymous' ? {} : await stack.headers(role);
  return httpCall<Json>(stack.baseUrl, method, path, { headers, body });
}

/** The year's row, its days and the calendar events: what a refused request must leave as it was. */
async function snapshot(year: number) {
  const [row] = await stack.dataSource.query(`SELECT * FROM calendar_years WHERE year = $1`, [year]);
  const days = await stack.dataSource.query(
    `SELECT date::text, kind, note FROM calendar_days WHERE year = $1 ORDER BY date`,
    [year],
  );
  const [{ n }] = await stack.dataSource.query(
    `SELECT count(*)::int AS n FROM security_events WHERE type = 'calendar.changed'`,
  );
  return { row, days, events: n as number };
}

/**
 * Tests that change a year use one nobody else reads (the schema is shared by the files a Jest worker
 * runs) and put it back as seeded afterwards.
 */
async function reseed(year: number) {
  await stack.dataSource.query(`DELETE FROM calendar_years WHERE year = $1`, [year]);
  await store.ensureSeeded([year]);
}

describe('seeding the working calendar', () => {
  it('seeds this year and the next from chinese-days when the API starts', async () => {
    const rows = await stack.dataSource.query(
      `SELECT year, source FROM calendar_years WHERE year = ANY($1::int[]) ORDER BY year`,
      [seedYears()],
    );
    expect(rows).toEqual(seedYears().map((year) => ({ year, source: expect.any(String) })));
  });

  it('gives 2026 the National Day holidays and the make-up Saturday 10 October', async () => {
    await store.ensureSeeded([2026]);
    const { status, body } = await call('GET', '/admin/calendar/2026', 'auditor');
    expect(status).toBe(200);
    expect(body).toMatchObject({ year: 2026, source: 'chinese-days', updatedBy: null });
    const holidays = body.holidays.map((day: Json) => day.date);
    // 1–7 October; the 3rd and 4th are a weekend, off anyway.
    expect(holidays).toEqual(
      expect.arrayContaining(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
    );
    expect(body.workdays).toContainEqual({ date: '2026-10-10', note: null });
    expect(await store.load([2026])).toEqual(calendarFromChineseDays([2026]));
  });

  it('loads exactly what chinese-days published, and a year without a row as plain weekends', async () => {
    await store.ensureSeeded([2024]);
    expect(await store.load([2024])).toEqual(calendarFromChineseDays([2024]));
    expect(await store.load([2090])).toEqual({ holidays: [], workdays: [] });
  });

  it('seeds a year once when two processes start at the same moment', async () => {
    await stack.dataSource.query(`DELETE FROM calendar_years WHERE year = 2023`);
    const [first, second] = await Promise.all([store.ensureSeeded([2023]), store.ensureSeeded([2023])]);
    expect([...first, ...second]).toEqual([2023]);
    expect(await store.load([2023])).toEqual(calendarFromChineseDays([2023]));
  });

  it('fills in a year seeded before its schedule was published, once the package knows it', async () => {
    await store.ensureSeeded([2023]);
    // As if 2023 had been seeded in October 2022, before the State Council published it.
    await stack.dataSource.query(`DELETE FROM calendar_days WHERE year = 2023`);
    expect(await store.ensureSeeded([2023])).toEqual([2023]);
    expect(await store.load([2023])).toEqual(calendarFromChineseDays([2023]));
    // Filled once; a year the package does not know stays as it is.
    expect(await store.ensureSeeded([2023, 2090])).toEqual([2090]);
    expect(await store.ensureSeeded([2090])).toEqual([]);
    await stack.dataSource.query(`DELETE FROM calendar_years WHERE year = 2090`);
  });
});

describe('the tables', () => {
  it('refuse a holiday on a weekend, a make-up day on a weekday and a day filed under another year', async () => {
    await store.ensureSeeded([2024]);
    const insert = (date: string, year: number, kind: string) =>
      stack.dataSource.query(`INSERT INTO calendar_days (date, year, kind) VALUES ($1, $2, $3)`, [
        date,
        year,
        kind,
      ]);
    await expect(insert('2024-11-03', 2024, 'holiday')).rejects.toThrow(/calendar_days_kind_weekday/);
    await expect(insert('2024-11-04', 2024, 'workday')).rejects.toThrow(/calendar_days_kind_weekday/);
    await expect(insert('2023-11-04', 2024, 'workday')).rejects.toThrow(/calendar_days_in_year/);
  });
});

describe('an administrator replacing a year', () => {
  const year = 2024;
  const replacement = {
    holidays: [
      { date: '2024-10-01', note: '国庆节' },
      { date: '2024-10-02' },
      { date: '2024-12-31', note: '  local holiday  ' },
    ],
    workdays: [{ date: '2024-10-12', note: null }],
  };
  afterAll(() => reseed(year));

  it('replaces every day of the year, marks it the administrator’s, and audits who changed what', async () => {
    await reseed(year);
    const seeded = await call('GET', `/admin/calendar/${year}`);
    expect(seeded.body.workdays.map((day: Json) => day.date)).toContain('2024-09-29');

    const put = await call('PUT', `/admin/calendar/${year}`, 'administrator', replacement);
    expect(put.status).toBe(200);
    const expected = {
      year,
      source: 'administrator',
      holidays: [
        { date: '2024-10-01', note: '国庆节' },
        { date: '2024-10-02', note: null },
        { date: '2024-12-31', note: 'local holiday' },
      ],
      workdays: [{ date: '2024-10-12', note: null }],
      updatedBy: stack.accounts.administrator.id,
    };
    expect(put.body).toMatchObject(expected);
    expect(new Date(put.body.updatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await call('GET', `/admin/calendar/${year}`, 'auditor')).body).toEqual(put.body);
    expect(await store.load([year])).toEqual({
      holidays: ['2024-10-01', '2024-10-02', '2024-12-31'],
      workdays: ['2024-10-12'],
    });

    const events = await call('GET', '/admin/security-events?type=calendar.changed&limit=1', 'auditor');
    expect(events.body.items[0]).toMatchObject({
      type: 'calendar.changed',
      actorId: stack.accounts.administrator.id,
      details: {
        year,
        previousSource: 'chinese-days',
        holidays: { added: ['2024-12-31'], removed: expect.arrayContaining(['2024-10-03', '2024-10-07']) },
        workdays: {
          added: [],
          removed: [
            '2024-02-04',
            '2024-02-18',
            '2024-04-07',
            '2024-04-28',
            '2024-05-11',
            '2024-09-14',
            '2024-09-29',
          ],
        },
        notesChanged: ['2024-10-01'],
      },
    });
    expect(events.body.items[0].details.holidays.removed).not.toContain('2024-10-01');
  });

  it('keeps the administrator’s year when the calendar is seeded again (a restart)', async () => {
    await call('PUT', `/admin/calendar/${year}`, 'administrator', replacement);
    expect(await store.ensureSeeded([year])).toEqual([]);
    expect((await call('GET', `/admin/calendar/${year}`)).body).toMatchObject({
      source: 'administrator',
      workdays: [{ date: '2024-10-12', note: null }],
    });
  });

  it('creates a year that was never seeded', async () => {
    await stack.dataSource.query(`DELETE FROM calendar_years WHERE year = 2033`);
    expect((await call('GET', '/admin/calendar/2033')).status).toBe(404);
    const put = await call('PUT', '/admin/calendar/2033', 'administrator', { holidays: [], workdays: [] });
    expect(put).toMatchObject({ status: 200, body: { year: 2033, source: 'administrator', holidays: [] } });
    const events = await call('GET', '/admin/security-events?type=calendar.changed&limit=1');
    expect(events.body.items[0].details).toMatchObject({ year: 2033, previousSource: null });
    await stack.dataSource.query(`DELETE FROM calendar_years WHERE year = 2033`);
  });
});

describe('bad input', () => {
  const year = 2024;
  const refused: [string, string, unknown, number, string, string][] = [
    [
      'a holiday on a Saturday',
      `/admin/calendar/${year}`,
      { holidays: [{ date: '2024-10-01' }, { date: '2024-10-02' }, { date: '2024-10-05' }], workdays: [] },
      422,
      'CALENDAR_INVALID',
      'holidays.2.date',
    ],
    [
      'a make-up working day on a Wednesday',
      `/admin/calendar/${year}`,
      { holidays: [], workdays: [{ date: '2024-10-09' }] },
      422,
      'CALENDAR_INVALID',
      'workdays.0.date',
    ],
    [
      'a date of another year',
      `/admin/calendar/${year}`,
      { holidays: [{ date: '2025-01-01' }], workdays: [] },
      422,
      'CALENDAR_INVALID',
      'holidays.0.date',
    ],
    [
      '30 February',
      `/admin/calendar/${year}`,
      { holidays: [], workdays: [{ date: '2024-02-30' }] },
      422,
      'CALENDAR_INVALID',
      'workdays.0.date',
    ],
    [
      'a date listed twice',
      `/admin/calendar/${year}`,
      { holidays: [{ date: '2024-10-01' }, { date: '2024-10-01' }], workdays: [] },
      422,
      'CALENDAR_INVALID',
      'holidays.1.date',
    ],
    [
      'a date that is not YYYY-MM-DD',
      `/admin/calendar/${year}`,
      { holidays: [{ date: '1/10/2024' }], workdays: [] },
      400,
      'VALIDATION_FAILED',
      'holidays.0.date',
    ],
    ['a missing list', `/admin/calendar/${year}`, { holidays: [] }, 400, 'VALIDATION_FAILED', 'workdays'],
    [
      'an unknown field',
      `/admin/calendar/${year}`,
      { holidays: [], workdays: [], year: 2024 },
      400,
      'VALIDATION_FAILED',
      'year',
    ],
    [
      'a year before 2000',
      '/admin/calendar/1999',
      { holidays: [], workdays: [] },
      400,
      'VALIDATION_FAILED',
      'year',
    ],
    [
      'a year that is not a number',
      '/admin/calendar/next',
      { holidays: [], workdays: [] },
      400,
      'VALIDATION_FAILED',
      'year',
    ],
  ];

  it.each(refused)(
    'answers %s with the field path, and changes nothing',
    async (_name, path, body, status, code, at) => {
      await store.ensureSeeded([year]);
      const before = await snapshot(year);
      const response = await call('PUT', path, 'administrator', body);
      expect(response).toMatchObject({ status, body: { code, path: at } });
      expect(typeof response.body.message).toBe('string');
      expect(await snapshot(year)).toEqual(before);
    },
  );

  it('answers 404 NOT_FOUND for a year that has no calendar, and 400 for a year out of range', async () => {
    await stack.dataSource.query(`DELETE FROM calendar_years WHERE year = 2099`);
    expect(await call('GET', '/admin/calendar/2099', 'auditor')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await call('GET', '/admin/calendar/2101', 'auditor')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', path: 'year' },
    });
  });
});

describe('who may read and change the calendar', () => {
  const year = 2024;
  const body = { holidays: [{ date: '2024-10-01' }], workdays: [] };
  afterAll(() => reseed(year));

  it('lets administrators and auditors read, and nobody else', async () => {
    await store.ensureSeeded([year]);
    expect((await call('GET', `/admin/calendar/${year}`, 'administrator')).status).toBe(200);
    expect((await call('GET', `/admin/calendar/${year}`, 'auditor')).status).toBe(200);
    expect((await call('GET', `/admin/calendar/${year}`, 'anonymous')).status).toBe(401);
    for (const role of ['applicant', 'counter_clerk', 'department_worker', 'department_supervisor'] as const)
      expect((await call('GET', `/admin/calendar/${year}`, role)).status).toBe(403);
  });

  it('lets only administrators change it; a refused caller changes nothing', async () => {
    await reseed(year);
    const before = await snapshot(year);
    expect((await call('PUT', `/admin/calendar/${year}`, 'anonymous', body)).body).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    for (const role of [
      'auditor',
      'applicant',
      'counter_clerk',
      'department_worker',
      'department_supervisor',
    ] as const)
      expect(await call('PUT', `/admin/calendar/${year}`, role, body)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
    expect(await snapshot(year)).toEqual(before);
    expect((await call('PUT', `/admin/calendar/${year}`, 'administrator', body)).status).toBe(200);
  });
});

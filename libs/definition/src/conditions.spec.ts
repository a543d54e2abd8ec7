import { compileCondition, evaluateCondition } from './conditions';

describe('compileCondition', () => {
  it('lists the fields and step outcomes an expression reads', () => {
    const compiled = compileCondition('has(fields.a) && fields["b"] > 2 || steps.cert.outcome == "approved"');
    expect(compiled.ok && compiled.condition.references).toEqual({
      fields: ['a', 'b'],
      fieldPaths: ['a', 'b'],
      steps: ['cert'],
      invalid: [],
      usesToday: false,
    });
  });

  it('flags other variables and other uses of steps', () => {
    const compiled = compileCondition('now > 1 || steps.cert.status == "x"');
    expect(compiled.ok && compiled.condition.references.invalid).toEqual(['now', 'steps']);
  });

  it('knows the value of an expression without variables', () => {
    const compiled = compileCondition('1 > 2');
    expect(compiled.ok && compiled.condition.constant).toBe(false);
  });

  it('reports a syntax error with its offset', () => {
    const compiled = compileCondition('fields.a ==');
    expect(compiled.ok).toBe(false);
    expect(!compiled.ok && compiled.offset).toBeGreaterThanOrEqual(0);
  });
});

describe('evaluateCondition', () => {
  const context = (fields: Record<string, unknown>) => ({
    fields,
    steps: { cert: { outcome: 'approved' as const } },
  });

  it('evaluates against fields and step outcomes', () => {
    expect(evaluateCondition('fields.hasChildren == true', context({ hasChildren: true }))).toEqual({
      ok: true,
      value: true,
    });
    expect(
      evaluateCondition('steps.cert.outcome == "approved" && fields.age >= 18', context({ age: 30 })),
    ).toEqual({ ok: true, value: true });
  });

  it('reads a missing field as null rather than failing', () => {
    expect(evaluateCondition('fields.hasChildren == true', context({}))).toEqual({ ok: true, value: false });
  });

  it('reports a non-boolean result or an evaluation error instead of guessing', () => {
    expect(evaluateCondition('fields.age', context({ age: 3 })).ok).toBe(false);
    expect(evaluateCondition('fields.age > 1', context({ age: 'three' })).ok).toBe(false);
  });
});

describe('matches() on RE2', () => {
  // A backtracking engine took 2.4 s at 28 characters, doubling with each one: at 10,000 it would never
  // finish, so finishing within the test's timeout shows RE2's linear time (no clock is read).
  const hostile = 'a'.repeat(10_000) + '!';
  it.each(['(a+)+$', '(a|a)*b', '(a|aa)+$', '^(\\w+\\s?)*$'])(
    'compiles and evaluates the catastrophic pattern %s in linear time',
    (pattern) => {
      const source = `fields.name.matches(${JSON.stringify(pattern)})`;
      const compiled = compileCondition(source);
      expect(compiled.ok).toBe(true);
      const result = evaluateCondition(compiled.ok ? compiled.condition : source, {
        fields: { name: hostile },
        steps: {},
      });
      expect(result).toEqual({ ok: true, value: false });
    },
  );

  it('keeps partial-match semantics (a match anywhere in the text, as CEL specifies)', () => {
    const run = (source: string, name: unknown) => evaluateCondition(source, { fields: { name }, steps: {} });
    expect(run('fields.name.matches("b+")', 'abbbc')).toEqual({ ok: true, value: true });
    expect(run('fields.name.matches("^b+$")', 'abbbc')).toEqual({ ok: true, value: false });
    expect(run('fields.name.matches("^\\\\p{Han}{2,4}$")', '张三')).toEqual({ ok: true, value: true });
    expect(run('"1101".matches("^[0-9]+$")', null)).toEqual({ ok: true, value: true });
  });

  it('refuses backreferences and lookaround, which RE2 does not have', () => {
    for (const pattern of ['(a)\\\\1', '(?=a)b', '(?<!a)b']) {
      const compiled = compileCondition(`fields.name.matches("${pattern}")`);
      expect(compiled).toMatchObject({ ok: false, problem: 'regex-unsupported' });
    }
  });

  it('refuses a pattern built from case data', () => {
    expect(compileCondition('fields.name.matches(fields.pattern)')).toMatchObject({
      ok: false,
      problem: 'regex-not-literal',
    });
  });

  it('names matches() in its own errors, not the RE2 function behind it', () => {
    const compiled = compileCondition('1.matches("a")');
    expect(compiled).toMatchObject({ ok: false, problem: 'syntax' });
    expect(!compiled.ok && compiled.message).toContain('matches');
    expect(!compiled.ok && compiled.message).not.toContain('re2');
  });
});

describe('condition cost', () => {
  it('refuses a condition longer than the limit without parsing it', () => {
    const source = Array.from({ length: 200 }, (_, i) => `fields.f${i} == true`).join(' || ');
    expect(compileCondition(source)).toMatchObject({ ok: false, problem: 'too-complex' });
  });

  it('refuses deep nesting and too many nodes', () => {
    expect(compileCondition('('.repeat(40) + 'true' + ')'.repeat(40))).toMatchObject({
      ok: false,
      problem: 'too-complex',
    });
    expect(
      compileCondition(`[${Array.from({ length: 150 }, () => '1').join(',')}].size() > 0`),
    ).toMatchObject({
      ok: false,
      problem: 'too-complex',
    });
  });

  it('refuses comprehensions nested three deep', () => {
    expect(compileCondition('fields.a.all(x, fields.b.all(y, fields.c.all(z, true)))')).toMatchObject({
      ok: false,
      problem: 'too-complex',
    });
    expect(compileCondition('fields.a.all(x, fields.b.all(y, true))').ok).toBe(true);
  });
});

describe('dates and today()', () => {
  const at = (fields: Record<string, unknown>, today?: string) => ({
    fields,
    steps: {},
    ...(today ? { today } : {}),
  });

  it('counts whole years of age on the case date', () => {
    const rule = 'ageInYears(fields.birthDate) < 1';
    expect(evaluateCondition(rule, at({ birthDate: '2025-12-01' }, '2026-11-30'))).toEqual({
      ok: true,
      value: true,
    });
    expect(evaluateCondition(rule, at({ birthDate: '2025-11-30' }, '2026-11-30'))).toEqual({
      ok: true,
      value: false,
    });
  });

  it('takes a leap-day birthday as reached on 28 February', () => {
    const rule = 'yearsBetween(fields.born, today())';
    const compiled = compileCondition(rule);
    expect(compiled.ok && compiled.condition.run(at({ born: '2000-02-29' }, '2045-02-28'))).toBe(44n);
    expect(compiled.ok && compiled.condition.run(at({ born: '2000-02-29' }, '2045-03-01'))).toBe(45n);
  });

  it('shifts and compares dates as ISO text', () => {
    expect(
      evaluateCondition('addMonths(date(fields.d), 1) == "2026-02-28"', at({ d: '2026-01-31' })),
    ).toEqual({
      ok: true,
      value: true,
    });
    expect(evaluateCondition('daysBetween(fields.d, "2026-03-01") == 29', at({ d: '2026-01-31' }))).toEqual({
      ok: true,
      value: true,
    });
  });

  it('is never constant and fails without a case date instead of reading a clock', () => {
    const compiled = compileCondition('today() > "2020-01-01"');
    expect(compiled.ok && compiled.condition.references.usesToday).toBe(true);
    expect(compiled.ok && 'constant' in compiled.condition).toBe(false);
    expect(evaluateCondition('today() > "2020-01-01"', at({}))).toEqual({
      ok: false,
      message: expect.stringContaining('today()'),
    });
  });

  it('refuses text that is not a calendar date', () => {
    expect(evaluateCondition('ageInYears(fields.b) > 1', at({ b: '2026-02-30' }, '2026-11-30')).ok).toBe(
      false,
    );
    expect(evaluateCondition('ageInYears(fields.b) > 1', at({}, '2026-11-30')).ok).toBe(false);
  });

  it('lists the member paths below a field', () => {
    const compiled = compileCondition(
      'fields.address.city == "Shanghai" && ageInYears(fields.birthDate) < 45',
    );
    expect(compiled.ok && compiled.condition.references.fieldPaths).toEqual(['address.city', 'birthDate']);
    expect(compiled.ok && compiled.condition.references.fields).toEqual(['address', 'birthDate']);
  });
});

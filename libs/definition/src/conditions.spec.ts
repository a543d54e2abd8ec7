import { compileCondition, evaluateCondition } from './conditions';

describe('compileCondition', () => {
  it('lists the fields and step outcomes an expression reads', () => {
    const compiled = compileCondition('has(fields.a) && fields["b"] > 2 || steps.cert.outcome == "approved"');
    expect(compiled.ok && compiled.condition.references).toEqual({
      fields: ['a', 'b'],
      steps: ['cert'],
      invalid: [],
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

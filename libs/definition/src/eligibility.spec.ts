import { context, looseDefinition, minimalDefinition, type Loose } from '../testing/definition-fixtures';
import { loadDemoCatalog } from './catalog';
import { checkEligibility, eligibilityRules } from './eligibility';
import { DefinitionIssueCode as Code, type DefinitionIssue } from './errors';
import { composeForm } from './form';
import { planDefinition } from './plan';
import { DefinitionSchema, type DefinitionInput } from './schema';
import { validateDefinition } from './validator';

const UNDER_45 = {
  id: 'under45',
  rule: 'ageInYears(fields.birthDate) < 45',
  message: { 'zh-CN': '申请人须未满 45 周岁。', en: 'The applicant must be under 45.' },
};

function withEligibility(change: (definition: Loose) => void): DefinitionIssue[] {
  const definition = looseDefinition();
  definition.fields.push({ id: 'birthDate', type: 'date', label: { 'zh-CN': '出生日期', en: 'Birth date' } });
  definition['eligibility'] = [structuredClone(UNDER_45)];
  change(definition);
  return validateDefinition(definition, context).issues;
}

const codes = (issues: DefinitionIssue[]): string[] => issues.map((found) => found.code);

describe('eligibility rules in a definition', () => {
  it('accepts a rule over a date field, which then counts as used', () => {
    expect(withEligibility(() => undefined)).toEqual([]);
  });

  it('reports a rule that does not parse, is not a bool, or reads what it may not', () => {
    const issues = withEligibility((d) => {
      d['eligibility'] = [
        { ...UNDER_45, id: 'broken', rule: 'ageInYears(fields.birthDate) <' },
        { ...UNDER_45, id: 'number', rule: 'ageInYears(fields.birthDate)' },
        { ...UNDER_45, id: 'unknown', rule: 'fields.salary > 1' },
        { ...UNDER_45, id: 'step', rule: 'steps.certify.outcome == "approved"' },
        { ...UNDER_45, id: 'prefilled', rule: 'fields.household.city == "Shanghai"' },
        { ...UNDER_45, id: 'never', rule: '1 > 2' },
        { ...UNDER_45, id: 'never', rule: 'fields.birthDate != "" && now > 1' },
      ];
    });
    expect(issues.map((found) => [found.code, found.pointer])).toEqual(
      expect.arrayContaining([
        [Code.ConditionSyntax, '/eligibility/0/rule'],
        [Code.ConditionNotBoolean, '/eligibility/1/rule'],
        [Code.ConditionUnknownField, '/eligibility/2/rule'],
        [Code.EligibilityReadsStep, '/eligibility/3/rule'],
        [Code.EligibilityReadsPrefilled, '/eligibility/4/rule'],
        [Code.EligibilityNeverMet, '/eligibility/5/rule'],
        [Code.DuplicateEligibilityId, '/eligibility/6/id'],
        [Code.ConditionInvalidReference, '/eligibility/6/rule'],
      ]),
    );
  });

  it('refuses a rule without a bilingual message, by the schema', () => {
    const issues = withEligibility((d) => {
      d['eligibility'] = [{ id: 'x', rule: 'true', message: { en: 'only English' } }];
    });
    expect(issues.find((found) => found.pointer === '/eligibility/0/message')?.code).toBe(
      Code.MissingProperty,
    );
  });

  it('gives line and column of a rule in a YAML source', () => {
    const yaml = [
      'key: demo-thing',
      'version: 1',
      'title: { zh-CN: 示例, en: Demo }',
      'description: { zh-CN: 示例, en: Demo }',
      'leadDepartment: talent-office',
      'fields:',
      '  - { id: fullName, type: text, label: { zh-CN: 姓名, en: Name } }',
      'eligibility:',
      '  - id: adult',
      '    rule: steps.certify.outcome == "approved"',
      '    message: { zh-CN: 须成年, en: Must be an adult }',
      'steps:',
      '  - id: certify',
      '    title: { zh-CN: 认定, en: Certify }',
      '    department: talent-office',
      '    kind: manual',
      '    contract: [fullName]',
      '    sla: { workingDays: 5 }',
      'outcome:',
      '  rule: all-required-approved',
      '  notice:',
      '    approved: { zh-CN: 通过, en: Approved }',
      '    rejected: { zh-CN: 未通过, en: Rejected }',
      '    partial: { zh-CN: 部分, en: Partial }',
    ].join('\n');
    const [found] = validateDefinition(yaml, context).issues.filter(
      (candidate) => candidate.code === Code.EligibilityReadsStep,
    );
    expect(found).toMatchObject({ pointer: '/eligibility/0/rule', line: 10, column: 11 });
  });
});

describe('checkEligibility', () => {
  const definition = DefinitionSchema.parse({
    ...minimalDefinition(),
    fields: [
      ...minimalDefinition().fields,
      { id: 'birthDate', type: 'date', label: { 'zh-CN': '出生日期', en: 'Birth date' } },
    ],
    eligibility: [UNDER_45],
  } satisfies DefinitionInput);
  // 00:30 on 1 December 2026 in Shanghai, still 30 November in UTC.
  const submittedAt = Date.parse('2026-11-30T16:30:00Z');

  it('decides on the submission date in the case time zone', () => {
    expect(checkEligibility(definition, { birthDate: '1981-12-02' }, submittedAt)).toEqual({
      eligible: true,
    });
    const refused = checkEligibility(definition, { birthDate: '1981-12-01' }, submittedAt);
    expect(refused).toEqual({
      eligible: false,
      failed: [expect.objectContaining({ id: 'under45', reason: 'not-met', paths: ['birthDate'] })],
    });
    expect(checkEligibility(definition, { birthDate: '1981-12-01' }, submittedAt, 'UTC')).toEqual({
      eligible: true,
    });
  });

  it('gives the same answer for the same instant, every time', () => {
    const answers = Array.from({ length: 5 }, () =>
      checkEligibility(definition, { birthDate: '1981-12-01' }, submittedAt),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('counts a rule it cannot evaluate (a missing answer) as not met', () => {
    const refused = checkEligibility(definition, {}, submittedAt);
    expect(refused.eligible === false && refused.failed[0]?.reason).toBe('not-evaluable');
  });

  it('puts the rules in the composed form and the plan, with the fields they read asked first', () => {
    const form = composeForm(definition);
    expect(form.eligibility).toEqual(eligibilityRules(definition));
    expect(form.eligibility[0]).toMatchObject({ id: 'under45', fields: ['birthDate'], usesToday: true });
    expect(form.fields[0]).toMatchObject({ id: 'birthDate', eligibilityOf: ['under45'], usedBy: [] });
    expect(planDefinition(definition).matrix.overCollected).not.toContain('birthDate');
  });
});

describe('commitment and critical paths', () => {
  /** certify(5) → register(5) → school(10) = 20; a second chain of 20: certify → twin(15). */
  function twinPaths(commitment: Record<string, unknown>): Loose {
    const definition = looseDefinition();
    definition.steps.push({
      id: 'twin',
      title: { 'zh-CN': '并行', en: 'Twin' },
      department: 'housing',
      kind: 'manual',
      after: ['certify'],
      contract: ['fullName'],
      sla: { workingDays: 15 },
    });
    definition['commitment'] = commitment;
    return definition;
  }

  it('names every path at the maximum length in the plan, with the commitment check', () => {
    const definition = DefinitionSchema.parse(twinPaths({ workingDays: 20 }));
    const plan = planDefinition(definition);
    expect(plan.criticalPath).toEqual({
      steps: ['certify', 'register', 'school'],
      paths: [
        ['certify', 'register', 'school'],
        ['certify', 'twin'],
      ],
      truncated: false,
      workingDays: 20,
    });
    expect(plan.commitment).toEqual({
      workingDays: 20,
      enforce: false,
      criticalPathWorkingDays: 20,
      met: true,
      slackWorkingDays: 0,
    });
  });

  it('warns when a critical path exceeds the commitment, naming every path', () => {
    const result = validateDefinition(twinPaths({ workingDays: 12 }), context);
    expect(result.valid).toBe(true);
    const [found] = result.issues;
    expect(codes(result.issues)).toEqual([Code.CommitmentExceeded]);
    expect(found).toMatchObject({
      severity: 'warning',
      pointer: '/commitment/workingDays',
      details: {
        commitmentWorkingDays: 12,
        criticalPathWorkingDays: 20,
        criticalPaths: [
          ['certify', 'register', 'school'],
          ['certify', 'twin'],
        ],
      },
    });
    expect(found?.message.en).toContain('certify → twin');
    expect(planDefinition(DefinitionSchema.parse(twinPaths({ workingDays: 12 }))).commitment).toMatchObject({
      met: false,
      slackWorkingDays: -8,
    });
  });

  it('makes it an error when the commitment is enforced', () => {
    const result = validateDefinition(twinPaths({ workingDays: 12, enforce: true }), context);
    expect(result.valid).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: Code.CommitmentExceeded, severity: 'error' });
  });
});

describe('the talent-newborn sample', () => {
  const entry = loadDemoCatalog().find((found) => found.definition.key === 'talent-newborn')!;
  const definition = entry.definition;

  it('validates without warnings, with its eligibility rule and an enforced commitment', () => {
    expect(entry.issues).toEqual([]);
    expect(definition.commitment).toEqual({ workingDays: 10, enforce: true });
    expect(new Set(definition.steps.map((step) => step.department)).size).toBeGreaterThanOrEqual(4);
  });

  it('plans both critical paths and checks them against the commitment', () => {
    const plan = planDefinition(definition);
    expect(plan.criticalPath.paths).toEqual([
      ['talentCheck', 'householdRegistration', 'insuranceEnrolment'],
      ['talentCheck', 'householdRegistration', 'childcareReservation'],
    ]);
    expect(plan.commitment).toMatchObject({ workingDays: 10, criticalPathWorkingDays: 10, met: true });
    expect(plan.eligibility).toEqual([
      expect.objectContaining({ id: 'childUnderOne', paths: ['childBirthDate'] }),
    ]);
  });

  it("composes one form that carries the rule, asking the child's birth date first", () => {
    const form = composeForm(definition, { locale: 'en' });
    expect(form.fields[0]?.id).toBe('childBirthDate');
    expect(form.eligibility[0]).toMatchObject({
      id: 'childUnderOne',
      message: { 'zh-CN': expect.stringContaining('一周岁'), en: expect.stringContaining('under one year') },
      fields: ['childBirthDate'],
    });
  });

  it('errors, naming both paths, once a step makes the critical path longer than the promise', () => {
    const longer = entry.source.replace('commitment: { workingDays: 10', 'commitment: { workingDays: 9');
    const result = validateDefinition(longer, context);
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: Code.CommitmentExceeded,
        pointer: '/commitment/workingDays',
        line: expect.any(Number),
        column: expect.any(Number),
        details: expect.objectContaining({ criticalPaths: expect.arrayContaining([expect.any(Array)]) }),
      }),
    ]);
    expect((result.issues[0]?.details?.['criticalPaths'] as unknown[]).length).toBe(2);
  });
});

import { DefinitionIssueCode as Code, type DefinitionIssue } from './errors';
import { context, looseDefinition, minimalDefinition, type Loose } from '../testing/definition-fixtures';
import { scheduleSteps } from './scheduling';
import { validateDefinition } from './validator';

function issuesOf(input: unknown): DefinitionIssue[] {
  return validateDefinition(input, context).issues;
}

function only(issues: DefinitionIssue[], code: string): DefinitionIssue[] {
  return issues.filter((found) => found.code === code);
}

function broken(change: (definition: Loose) => void): DefinitionIssue[] {
  const definition = looseDefinition();
  change(definition);
  return issuesOf(definition);
}

describe('validateDefinition', () => {
  it('accepts the minimal definition and applies defaults', () => {
    const result = validateDefinition(minimalDefinition(), context);
    expect(result.issues).toEqual([]);
    expect(result.valid && result.definition.steps[0]?.required).toBe(true);
    expect(result.valid && result.definition.steps[0]?.after).toEqual([]);
  });

  it('reports a missing property at its parent with the property named', () => {
    const [missing] = only(
      broken((d) => delete d['leadDepartment']),
      Code.MissingProperty,
    );
    expect(missing).toMatchObject({ path: [], pointer: '', details: { property: 'leadDepartment' } });
  });

  it('reports an unknown property at the property itself', () => {
    const [unknown] = only(
      broken((d) => (d.steps[0]['colour'] = 'red')),
      Code.UnknownProperty,
    );
    expect(unknown).toMatchObject({ path: ['steps', 0, 'colour'], pointer: '/steps/0/colour' });
  });

  it('reports duplicate field and step ids at the second occurrence', () => {
    const issues = broken((d) => {
      d.fields.push({ ...d.fields[0] });
      d.steps.push({ ...d.steps[2] });
    });
    expect(only(issues, Code.DuplicateFieldId)[0]).toMatchObject({
      path: ['fields', 4, 'id'],
      details: { firstPath: '/fields/0/id' },
    });
    expect(only(issues, Code.DuplicateStepId)[0]).toMatchObject({ path: ['steps', 4, 'id'] });
  });

  it('reports an unknown step in after', () => {
    const [found] = only(
      broken((d) => (d.steps[1]['after'] = ['certify', 'nowhere'])),
      Code.UnknownStep,
    );
    expect(found).toMatchObject({ path: ['steps', 1, 'after', 1], details: { stepId: 'nowhere' } });
  });

  it('reports a cycle with its members, and the steps that can therefore never run', () => {
    const issues = broken((d) => (d.steps[0]['after'] = ['register']));
    const [cycle] = only(issues, Code.DependencyCycle);
    expect(cycle).toMatchObject({ path: ['steps', 0, 'after'], details: { cycle: ['certify', 'register'] } });
    expect(cycle?.message.en).toContain('certify → register → certify');
    const never = only(issues, Code.StepNeverRuns).map((found) => [
      found.details?.['stepId'],
      found.details?.['reason'],
    ]);
    expect(never).toEqual(
      expect.arrayContaining([
        ['certify', 'in-cycle'],
        ['register', 'in-cycle'],
        ['school', 'behind-cycle'],
      ]),
    );
  });

  it('reports a step whose condition is constant false as never running', () => {
    const [found] = only(
      broken((d) => (d.steps[3]['when'] = '1 > 2')),
      Code.StepNeverRuns,
    );
    expect(found).toMatchObject({
      path: ['steps', 3, 'when'],
      details: { stepId: 'school', reason: 'condition-always-false' },
    });
  });

  it('reports a condition that does not parse', () => {
    const [found] = only(
      broken((d) => (d.steps[3]['when'] = 'fields.hasChildren ==')),
      Code.ConditionSyntax,
    );
    expect(found?.path).toEqual(['steps', 3, 'when']);
  });

  it('reports a condition on an unknown field or an unknown step', () => {
    const issues = broken(
      (d) => (d.steps[3]['when'] = 'fields.pets == true || steps.ghost.outcome == "approved"'),
    );
    expect(only(issues, Code.ConditionUnknownField)[0]).toMatchObject({
      path: ['steps', 3, 'when'],
      details: { fieldId: 'pets' },
    });
    expect(only(issues, Code.ConditionUnknownStep)[0]).toMatchObject({
      path: ['steps', 3, 'when'],
      details: { stepId: 'ghost' },
    });
  });

  it('reports a condition on the outcome of a step that is not upstream', () => {
    const issues = broken((d) => (d.steps[3]['when'] = 'steps.insurance.outcome == "approved"'));
    expect(only(issues, Code.ConditionStepNotUpstream)[0]).toMatchObject({
      path: ['steps', 3, 'when'],
      details: { stepId: 'insurance' },
    });
    // A transitive dependency is known by then.
    expect(
      only(
        broken((d) => (d.steps[3]['when'] = 'steps.certify.outcome == "approved"')),
        Code.ConditionStepNotUpstream,
      ),
    ).toEqual([]);
  });

  it('validates and evaluates a catastrophic regular expression in linear time', () => {
    // A backtracking engine needs about 2^n steps for these patterns on n letters and one mismatch: at
    // 10,000 letters it would never finish, so finishing within the test's timeout is the proof (no
    // clock is read: a loaded machine cannot fail it, a backtracking engine cannot pass it).
    const hostile = 'a'.repeat(10_000) + '!';
    for (const pattern of ['(a+)+$', '(a|a)*b', '(a|aa)+$']) {
      const definition = looseDefinition();
      definition.steps[3]['when'] =
        `fields.hasChildren == true && fields.fullName.matches(${JSON.stringify(pattern)})`;
      const result = validateDefinition(definition, context);
      expect(result.issues).toEqual([]);
      if (!result.valid) return;
      const schedule = scheduleSteps(result.definition, {
        fields: { fullName: hostile, hasChildren: true },
        outcomes: { certify: 'approved', register: 'approved', insurance: 'approved' },
      });
      expect(schedule.skipped).toEqual(['school']);
    }
  });

  it('refuses regular expressions RE2 cannot run, patterns built from data, and oversized conditions', () => {
    const [backreference] = only(
      broken((d) => (d.steps[3]['when'] = 'fields.fullName.matches("(a)\\\\1")')),
      Code.ConditionRegexUnsupported,
    );
    expect(backreference).toMatchObject({ path: ['steps', 3, 'when'], details: { pattern: '(a)\\1' } });
    expect(backreference?.message.en).toContain('RE2');
    expect(
      only(
        broken((d) => (d.steps[3]['when'] = 'fields.fullName.matches("(?=a)")')),
        Code.ConditionRegexUnsupported,
      ),
    ).toHaveLength(1);
    expect(
      only(
        broken((d) => (d.steps[3]['when'] = 'fields.fullName.matches(fields.household)')),
        Code.ConditionRegexNotLiteral,
      ),
    ).toHaveLength(1);
    expect(
      only(
        broken((d) => (d.steps[3]['when'] = 'fields.hasChildren == true || '.repeat(60) + 'true')),
        Code.ConditionTooComplex,
      ),
    ).toHaveLength(1);
    // RE2 expands counted repetitions: two of a thousand are twice its budget.
    expect(
      only(
        broken((d) => (d.steps[3]['when'] = 'fields.fullName.matches("a{1000}b{1000}")')),
        Code.ConditionTooComplex,
      ),
    ).toHaveLength(1);
  });

  it('reports variables other than fields and step outcomes, and non-boolean conditions', () => {
    expect(
      only(
        broken((d) => (d.steps[3]['when'] = 'user.admin')),
        Code.ConditionInvalidReference,
      )[0]?.details,
    ).toEqual({ reference: 'user' });
    expect(
      only(
        broken((d) => (d.steps[3]['when'] = '1 + 2')),
        Code.ConditionNotBoolean,
      )[0]?.path,
    ).toEqual(['steps', 3, 'when']);
  });

  it('reports a contract naming a field that does not exist', () => {
    const [found] = only(
      broken((d) => (d.steps[2]['contract'] = ['residentId', 'salary'])),
      Code.ContractUnknownField,
    );
    expect(found).toMatchObject({ path: ['steps', 2, 'contract', 1], details: { fieldId: 'salary' } });
  });

  it('reports a field no step receives as over-collection', () => {
    const [found] = only(
      broken((d) =>
        d.fields.push({ id: 'salary', type: 'number', label: { 'zh-CN': '工资', en: 'Salary' } }),
      ),
      Code.FieldUnused,
    );
    expect(found).toMatchObject({ path: ['fields', 4], details: { fieldId: 'salary' } });
  });

  it('reports unknown prefill sources and connectors', () => {
    const issues = broken((d) => {
      d.fields[3]['prefill'] = { source: 'horoscope' };
      d.steps[2]['connector'] = 'mainframe';
      d.steps[1]['compensate'] = { action: 'undo-registration', connector: 'tape-drive' };
    });
    expect(only(issues, Code.UnknownConnector).map((found) => found.pointer)).toEqual([
      '/fields/3/prefill/source',
      '/steps/1/compensate/connector',
      '/steps/2/connector',
    ]);
  });

  it('reports unknown departments for the lead, a step and an escalation target', () => {
    const issues = broken((d) => {
      d['leadDepartment'] = 'ministry-of-magic';
      d.steps[0]['department'] = 'weather';
      d.steps[1]['escalation'] = { to: 'nobody', afterWorkingDays: 1 };
    });
    expect(only(issues, Code.UnknownDepartment).map((found) => found.pointer)).toEqual([
      '/leadDepartment',
      '/steps/0/department',
      '/steps/1/escalation/to',
    ]);
  });

  it('reports SLA values out of range, including escalation after the SLA', () => {
    const issues = broken((d) => {
      d.steps[0]['sla'] = { workingDays: 0 };
      d.steps[1]['sla'] = { workingDays: 400 };
      d.steps[3]['escalation'] = { to: 'supervisor', afterWorkingDays: 20 };
    });
    expect(only(issues, Code.SlaOutOfRange).map((found) => found.pointer)).toEqual([
      '/steps/0/sla/workingDays',
      '/steps/1/sla/workingDays',
      '/steps/3/escalation/afterWorkingDays',
    ]);
  });

  it('refuses a NUL, a lone surrogate or a bidi override that a YAML or JSON escape puts into a string', () => {
    const source = [
      'key: escaped',
      'title: { zh-CN: "示\\0例", en: "Demo" }',
      'description: { zh-CN: "说明", en: "\\ud800" }',
      'leadDepartment: "talent-office\\u202e"',
    ].join('\n');
    const issues = validateDefinition(source, context).issues;
    expect(
      issues
        .filter((found) => found.code.startsWith('TEXT_'))
        .map((found) => [found.code, found.pointer, found.line]),
    ).toEqual([
      [Code.ControlCharacter, '/title/zh-CN', 2],
      [Code.LoneSurrogate, '/description/en', 3],
      [Code.InvisibleCharacter, '/leadDepartment', 4],
    ]);
  });

  it('lets a text field lower or raise its maximum length only up to the hard cap', () => {
    const raised = broken((d) => {
      d.fields[0]['maxLength'] = 10_000;
      d.fields[0]['multiline'] = true;
    });
    expect(only(raised, Code.FieldRangeInvalid)).toEqual([]);
    const tooHigh = broken((d) => {
      d.fields[0]['maxLength'] = 10_001;
    });
    expect(only(tooHigh, Code.FieldRangeInvalid).map((found) => found.pointer)).toEqual([
      '/fields/0/maxLength',
    ]);
  });

  it('reports retry values out of range', () => {
    const issues = broken((d) => {
      d.steps[2]['retry'] = {
        maximumAttempts: 0,
        initialIntervalSeconds: 60,
        backoffCoefficient: 0.5,
        maximumIntervalSeconds: 30,
      };
    });
    expect(only(issues, Code.RetryOutOfRange).map((found) => found.pointer)).toEqual([
      '/steps/2/retry/maximumAttempts',
      '/steps/2/retry/backoffCoefficient',
    ]);
    const crossed = broken((d) => {
      d.steps[2]['retry'] = {
        maximumAttempts: 3,
        initialIntervalSeconds: 60,
        backoffCoefficient: 2,
        maximumIntervalSeconds: 30,
      };
    });
    expect(only(crossed, Code.RetryOutOfRange)[0]?.pointer).toBe('/steps/2/retry/maximumIntervalSeconds');
  });

  it('reports an outcome rule that references no required step', () => {
    const [found] = only(
      broken((d) => d.steps.forEach((step) => (step['required'] = false))),
      Code.OutcomeNoRequiredStep,
    );
    expect(found?.pointer).toBe('/outcome/rule');
  });

  it('reports an auto step without a connector', () => {
    const [found] = only(
      broken((d) => delete d.steps[2]['connector']),
      Code.AutoStepWithoutConnector,
    );
    expect(found?.pointer).toBe('/steps/2/kind');
  });

  it('warns, without failing, about retry on a manual step', () => {
    const result = validateDefinition(
      (() => {
        const d = looseDefinition();
        d.steps[0]['retry'] = { maximumAttempts: 3, initialIntervalSeconds: 5, backoffCoefficient: 2 };
        return d;
      })(),
      context,
    );
    expect(result.valid).toBe(true);
    expect(result.issues.map((found) => [found.code, found.severity])).toEqual([
      [Code.RetryOnManualStep, 'warning'],
    ]);
  });

  it('checks compensate.when: known situations, each once, and dependency-rejected only where it can apply', () => {
    const unknown = broken((d) => (d.steps[0]['compensate'] = { action: 'undo', when: ['divorced'] }));
    expect(unknown.find((found) => found.code === Code.InvalidValue)?.pointer).toBe(
      '/steps/0/compensate/when/0',
    );
    const [twice] = only(
      broken((d) => (d.steps[0]['compensate'] = { action: 'undo', when: ['withdrawn', 'withdrawn'] })),
      Code.CompensateWhenDuplicate,
    );
    expect(twice).toMatchObject({ pointer: '/steps/0/compensate/when/1', severity: 'error' });
    // insurance neither depends on a step nor precedes one.
    const isolated = looseDefinition();
    isolated.steps[2]['compensate'] = { action: 'undo', when: ['withdrawn', 'dependency-rejected'] };
    const result = validateDefinition(isolated, context);
    expect(result.valid).toBe(true);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: Code.CompensateWhenNeverApplies,
        severity: 'warning',
        pointer: '/steps/2/compensate/when/1',
      }),
    ]);
    // Upstream (certify) and downstream (school) steps: it can apply.
    expect(
      issuesOf(
        (() => {
          const d = looseDefinition();
          d.steps[1]['compensate'] = { action: 'undo', when: ['dependency-rejected'] };
          return d;
        })(),
      ),
    ).toEqual([]);
  });

  it('checks runsWhenUpstream and onRequiredRejection values, and warns when nothing is upstream', () => {
    const [ineffective] = only(
      broken((d) => (d.steps[2]['runsWhenUpstream'] = ['skipped'])),
      Code.RunsWhenUpstreamIneffective,
    );
    expect(ineffective).toMatchObject({ pointer: '/steps/2/runsWhenUpstream', severity: 'warning' });
    expect(
      broken((d) => (d.steps[3]['runsWhenUpstream'] = ['approved'])).find(
        (found) => found.code === Code.InvalidValue,
      )?.pointer,
    ).toBe('/steps/3/runsWhenUpstream/0');
    expect(
      broken((d) => (d['onRequiredRejection'] = 'shrug')).find((found) => found.code === Code.InvalidValue)
        ?.pointer,
    ).toBe('/onRequiredRejection');
    expect(
      issuesOf(
        (() => {
          const d = looseDefinition();
          d['onRequiredRejection'] = 'let-finish';
          d.steps[3]['runsWhenUpstream'] = ['skipped', 'rejected'];
          return d;
        })(),
      ),
    ).toEqual([]);
  });

  it('gives line and column of a compensate.when problem in YAML', () => {
    const yaml = [
      'key: demo-thing',
      'version: 1',
      'title: { zh-CN: 示例, en: Demo }',
      'description: { zh-CN: 示例, en: Demo }',
      'leadDepartment: talent-office',
      'fields:',
      '  - { id: fullName, type: text, label: { zh-CN: 姓名, en: Name } }',
      'steps:',
      '  - id: certify',
      '    title: { zh-CN: 认定, en: Certify }',
      '    department: talent-office',
      '    kind: manual',
      '    contract: [fullName]',
      '    sla: { workingDays: 5 }',
      '    compensate: { action: undo, when: [case-rejected, case-rejected] }',
      'outcome:',
      '  rule: all-required-approved',
      '  notice:',
      '    approved: { zh-CN: 通过, en: Approved }',
      '    rejected: { zh-CN: 未通过, en: Rejected }',
      '    partial: { zh-CN: 部分, en: Partial }',
    ].join('\n');
    expect(only(issuesOf(yaml), Code.CompensateWhenDuplicate)[0]).toMatchObject({
      pointer: '/steps/0/compensate/when/1',
      line: 15,
      column: 55,
    });
  });

  it('reports every problem at once, structural and semantic together', () => {
    const issues = broken((d) => {
      d['version'] = 'one';
      d.steps[0]['department'] = 'weather';
      d.steps[2]['contract'] = ['salary'];
      d.steps[1]['kind'] = 'robot';
    });
    expect(issues.map((found) => found.code)).toEqual(
      expect.arrayContaining([Code.InvalidValue, Code.UnknownDepartment, Code.ContractUnknownField]),
    );
    expect(
      issues.find((found) => found.code === Code.InvalidValue && found.pointer === '/steps/1/kind'),
    ).toBeDefined();
  });

  it('checks connectors against the catalog it is given (the database catalog in the API), with line and column', () => {
    const yaml = [
      'key: demo-thing',
      'version: 1',
      'title: { zh-CN: 示例, en: Demo }',
      'description: { zh-CN: 示例, en: Demo }',
      'leadDepartment: talent-office',
      'fields:',
      '  - { id: fullName, type: text, label: { zh-CN: 姓名, en: Name } }',
      'steps:',
      '  - id: certify',
      '    title: { zh-CN: 认定, en: Certify }',
      '    department: talent-office',
      '    kind: auto',
      '    connector: talent-certification',
      '    contract: [fullName]',
      '    sla: { workingDays: 5 }',
      'outcome:',
      '  rule: all-required-approved',
      '  notice:',
      '    approved: { zh-CN: 通过, en: Approved }',
      '    rejected: { zh-CN: 未通过, en: Rejected }',
      '    partial: { zh-CN: 部分, en: Partial }',
    ].join('\n');
    expect(only(validateDefinition(yaml, context).issues, Code.UnknownConnector)).toEqual([
      expect.objectContaining({
        pointer: '/steps/0/connector',
        line: 13,
        column: 16,
        details: { connector: 'talent-certification' },
      }),
    ]);
    const withConnector = { ...context, connectors: [...context.connectors, 'talent-certification'] };
    expect(validateDefinition(yaml, withConnector)).toMatchObject({ valid: true, issues: [] });
  });

  it('gives line and column of the offending node in a YAML source', () => {
    const yaml = [
      'key: demo-thing',
      'version: 1',
      'title: { zh-CN: 示例, en: Demo }',
      'description: { zh-CN: 示例, en: Demo }',
      'leadDepartment: talent-office',
      'fields:',
      '  - { id: fullName, type: text, label: { zh-CN: 姓名, en: Name } }',
      'steps:',
      '  - id: certify',
      '    title: { zh-CN: 认定, en: Certify }',
      '    department: weather',
      '    kind: manual',
      '    contract: [fullName, salary]',
      '    sla: { workingDays: 5 }',
      'outcome:',
      '  rule: all-required-approved',
      '  notice:',
      '    approved: { zh-CN: 通过, en: Approved }',
      '    rejected: { zh-CN: 未通过, en: Rejected }',
      '    partial: { zh-CN: 部分, en: Partial }',
    ].join('\n');
    const issues = issuesOf(yaml);
    expect(only(issues, Code.UnknownDepartment)[0]).toMatchObject({
      pointer: '/steps/0/department',
      line: 11,
      column: 17,
    });
    expect(only(issues, Code.ContractUnknownField)[0]).toMatchObject({
      pointer: '/steps/0/contract/1',
      line: 13,
      column: 26,
    });
  });

  it('gives line and column in a JSON source too', () => {
    const json = JSON.stringify({ ...minimalDefinition(), leadDepartment: 'nowhere' }, null, 2);
    const [found] = only(issuesOf(json), Code.UnknownDepartment);
    const lineIndex = json.split('\n').findIndex((line) => line.includes('"nowhere"'));
    expect(found).toMatchObject({ pointer: '/leadDepartment', line: lineIndex + 1 });
  });

  it('reports unparsable text with its position instead of throwing', () => {
    const [found] = issuesOf('key: [unclosed\nversion: 1');
    expect(found).toMatchObject({ code: Code.SourceUnparsable, path: [] });
    expect(found?.line).toBeGreaterThanOrEqual(1);
  });

  it('rejects values that are not objects', () => {
    for (const junk of [null, 42, 'just a string', [], true]) {
      expect(issuesOf(junk)[0]?.code).toMatch(/NOT_AN_OBJECT|SOURCE_UNPARSABLE/);
    }
  });

  it('gives messages in Chinese and English', () => {
    const [found] = only(
      broken((d) => (d['version'] = 0)),
      Code.InvalidValue,
    );
    expect(found?.message.en).toMatch(/too small/i);
    expect(found?.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reports duplicate YAML keys at the second one', () => {
    const [found] = issuesOf('key: a\nkey: b\n');
    expect(found).toMatchObject({ code: Code.SourceUnparsable, line: 2, column: 1 });
  });

  it('reports a malformed context as a validator failure instead of throwing', () => {
    const result = validateDefinition(minimalDefinition(), { departments: 5 as never, connectors: [] });
    expect(result.issues.map((found) => found.code)).toEqual([Code.ValidatorFailure]);
  });
});

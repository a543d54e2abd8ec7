import { DefinitionIssueCode as Code, type DefinitionIssue } from './errors';
import { context } from '../testing/definition-fixtures';
import { planDefinition } from './plan';
import { projectContract, scheduleSteps } from './scheduling';
import type { Definition } from './schema';
import { applicantVisibleOutputs } from './outputs';
import { mapAnswerToOutputs, validateStepOutputs } from './step-outputs';
import { validateDefinition } from './validator';

// A small one-thing whose certificate number runs from the talent office to two later departments.
const HEADER = [
  'key: outputs-demo',
  'version: 1',
  'title: { zh-CN: 示例, en: Demo }',
  'description: { zh-CN: 示例, en: Demo }',
  'leadDepartment: talent-office',
  'fields:',
  '  - { id: fullName, type: text, label: { zh-CN: 姓名, en: Name }, required: true }',
  '  - { id: hasChildren, type: boolean, label: { zh-CN: 有子女, en: Has children } }',
  '  - { id: childName, type: text, label: { zh-CN: 子女姓名, en: Child name } }',
  'steps:',
  '  - id: certify',
  '    title: { zh-CN: 认定, en: Certify }',
  '    department: talent-office',
  '    kind: manual',
  '    contract: [fullName]',
  '    sla: { workingDays: 5 }',
  '    outputs:',
  '      - { id: certificateNo, type: text, label: { zh-CN: 证书编号, en: Certificate number }, applicantVisible: true }',
  '      - { id: level, type: enum, label: { zh-CN: 等级, en: Level }, required: false, options: [{ value: A, label: { zh-CN: 甲, en: A } }] }',
];
const FOOTER = [
  'outcome:',
  '  rule: all-required-approved',
  '  notice:',
  '    approved: { zh-CN: 通过, en: Approved }',
  '    rejected: { zh-CN: 未通过, en: Rejected }',
  '    partial: { zh-CN: 部分, en: Partial }',
];
const SUBSIDY = [
  '  - id: subsidy',
  '    title: { zh-CN: 补贴, en: Subsidy }',
  '    department: housing',
  '    kind: manual',
  '    after: [certify]',
  '    sla: { workingDays: 5 }',
];

function source(...steps: string[][]): string {
  return [...HEADER, ...steps.flat(), ...FOOTER].join('\n');
}

function issuesOf(text: string): DefinitionIssue[] {
  return validateDefinition(text, context).issues;
}

function parsed(text: string): Definition {
  const result = validateDefinition(text, context);
  if (!result.valid) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.definition;
}

const VALID = source([
  ...SUBSIDY,
  '    contract:',
  '      - fullName',
  '      - steps.certify.outputs.certificateNo',
  '      - { field: steps.certify.outputs.level, ifMissing: skip-entry }',
  "      - { field: childName, when: 'fields.hasChildren == true' }",
]);

describe('step outputs in the definition language', () => {
  it('accepts outputs, reads of upstream outputs and conditional entries, with defaults applied', () => {
    const definition = parsed(VALID);
    const [certificateNo] = definition.steps[0]?.outputs ?? [];
    expect(certificateNo).toMatchObject({ required: true, applicantVisible: true });
    expect(issuesOf(VALID).filter((found) => found.severity === 'error')).toEqual([]);
  });

  it.each([
    [
      'an unknown output',
      ['    contract: [steps.certify.outputs.licence]'],
      Code.ContractUnknownOutput,
      '/steps/1/contract/0',
      16,
    ],
    [
      'an output of an unknown step',
      ['    contract: [steps.nowhere.outputs.licence]'],
      Code.ContractUnknownOutput,
      '/steps/1/contract/0',
      16,
    ],
    [
      'an optional output without ifMissing',
      ['    contract: [steps.certify.outputs.level]'],
      Code.ContractOutputMayBeMissing,
      '/steps/1/contract/0',
      16,
    ],
    [
      'a type the output does not have',
      ['    contract: [{ field: steps.certify.outputs.certificateNo, type: number }]'],
      Code.ContractTypeMismatch,
      '/steps/1/contract/0/type',
      68,
    ],
    [
      'a conditional entry reading an unknown field',
      ["    contract: [{ field: fullName, when: 'fields.nobody == 1' }]"],
      Code.ConditionUnknownField,
      '/steps/1/contract/0/when',
      41,
    ],
    [
      'a conditional entry reading a step outcome',
      ['    contract: [{ field: fullName, when: \'steps.certify.outcome == "approved"\' }]'],
      Code.ConditionInvalidReference,
      '/steps/1/contract/0/when',
      41,
    ],
    [
      'a conditional entry that does not parse',
      ["    contract: [{ field: fullName, when: 'fields.fullName ==' }]"],
      Code.ConditionSyntax,
      '/steps/1/contract/0/when',
      41,
    ],
  ])('reports %s with pointer, line and column', (_name, contract, code, pointer, column) => {
    const found = issuesOf(source([...SUBSIDY, ...contract])).filter((candidate) => candidate.code === code);
    expect(found[0]).toMatchObject({ pointer, line: 26, column });
  });

  it('reports an output read from a step that is not upstream', () => {
    const text = source([
      '  - id: subsidy',
      '    title: { zh-CN: 补贴, en: Subsidy }',
      '    department: housing',
      '    kind: manual',
      '    sla: { workingDays: 5 }',
      '    contract: [steps.certify.outputs.certificateNo]',
    ]);
    expect(issuesOf(text).find((found) => found.code === Code.ContractOutputNotUpstream)).toMatchObject({
      pointer: '/steps/1/contract/0',
      line: 25,
      column: 16,
    });
  });

  it('reports a read of an optional or conditional producer that does not say what happens when it is missing', () => {
    const text = source(
      [
        '  - id: school',
        '    title: { zh-CN: 入学, en: School }',
        '    department: education',
        '    kind: manual',
        '    required: false',
        "    when: 'fields.hasChildren == true'",
        '    contract: [childName]',
        '    sla: { workingDays: 5 }',
        '    outputs: [{ id: placeNo, type: text, label: { zh-CN: 学位号, en: Place number } }]',
      ],
      [
        ...SUBSIDY.map((line) => line.replace('after: [certify]', 'after: [certify, school]')),
        '    contract: [steps.school.outputs.placeNo]',
      ],
    );
    const [found] = issuesOf(text).filter((candidate) => candidate.code === Code.ContractOutputMayBeMissing);
    expect(found).toMatchObject({ pointer: '/steps/2/contract/0', line: 35 });
    expect(found?.details).toMatchObject({ producer: 'school' });
  });

  it('reports from on a manual step, duplicate output ids and an enum output without options', () => {
    const text = source([
      '  - id: subsidy',
      '    title: { zh-CN: 补贴, en: Subsidy }',
      '    department: housing',
      '    kind: manual',
      '    after: [certify]',
      '    contract: [fullName]',
      '    sla: { workingDays: 5 }',
      '    outputs:',
      '      - { id: amount, type: number, label: { zh-CN: 金额, en: Amount }, from: grant.amount }',
      '      - { id: amount, type: number, label: { zh-CN: 金额, en: Amount } }',
      '      - { id: tier, type: enum, label: { zh-CN: 档次, en: Tier } }',
    ]);
    const issues = issuesOf(text);
    expect(issues.find((found) => found.code === Code.OutputFromOnManualStep)).toMatchObject({
      pointer: '/steps/1/outputs/0/from',
      line: 28,
    });
    expect(issues.find((found) => found.code === Code.DuplicateOutputId)).toMatchObject({
      pointer: '/steps/1/outputs/1/id',
      line: 29,
      details: { firstPath: '/steps/1/outputs/0/id' },
    });
    expect(issues.find((found) => found.code === Code.OutputOptionsMissing)).toMatchObject({
      pointer: '/steps/1/outputs/2/type',
      line: 30,
    });
  });

  it('refuses a document output where the form has attachments, and a malformed reference', () => {
    const issues = issuesOf(
      source([
        ...SUBSIDY,
        '    contract: [steps.certify.outputs]',
        '    outputs: [{ id: scan, type: attachment, label: { zh-CN: 扫描件, en: Scan } }]',
      ]),
    );
    expect(issues.map((found) => found.pointer)).toEqual(
      expect.arrayContaining(['/steps/1/contract/0', '/steps/1/outputs/0/type']),
    );
  });
});

describe('contract projection with outputs', () => {
  const definition = parsed(VALID);
  const data = { fullName: '张三', hasChildren: false, childName: '张小三' };
  const outputs = { certify: { certificateNo: 'RC-2026-0001', level: 'A' } };

  it('sends a step exactly its fields and the upstream outputs it reads', () => {
    expect(projectContract(definition, 'subsidy', data, outputs)).toEqual({
      fullName: '张三',
      'steps.certify.outputs.certificateNo': 'RC-2026-0001',
      'steps.certify.outputs.level': 'A',
    });
    expect(projectContract(definition, 'certify', data, outputs)).toEqual({ fullName: '张三' });
  });

  it('sends a conditional entry only while its condition holds', () => {
    expect(projectContract(definition, 'subsidy', { ...data, hasChildren: true }, outputs)).toMatchObject({
      childName: '张小三',
    });
  });

  it('leaves out an output that was not produced (skip-entry)', () => {
    expect(
      projectContract(definition, 'subsidy', data, { certify: { certificateNo: 'RC-1' } }),
    ).not.toHaveProperty(['steps.certify.outputs.level']);
  });

  it('blocks a step whose block-step output is missing once its producer settled', () => {
    const blocking = parsed(
      source([
        ...SUBSIDY,
        '    contract:',
        '      - { field: steps.certify.outputs.level, ifMissing: block-step }',
        "      - { field: childName, when: 'fields.hasChildren == true' }",
      ]),
    );
    const settled = { outcomes: { certify: 'approved' as const }, fields: {} };
    expect(
      scheduleSteps(blocking, { ...settled, outputs: { certify: { certificateNo: 'x' } } }).blocked,
    ).toEqual(['subsidy']);
    expect(
      scheduleSteps(blocking, { ...settled, outputs: { certify: { certificateNo: 'x', level: 'A' } } }).ready,
    ).toEqual(['subsidy']);
  });
});

describe('output values', () => {
  const definition = parsed(VALID);
  const certify = definition.steps[0];
  const today = { today: '2026-11-30' };

  it('refuses an approval without a required output, with the field path', () => {
    const result = validateStepOutputs(certify, 'approved', {}, today);
    expect(result).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'REQUIRED', path: ['outputs', 'certificateNo'] })],
    });
  });

  it('accepts a rejection without outputs, and refuses undeclared or ill-typed ones', () => {
    expect(validateStepOutputs(certify, 'rejected', undefined, today)).toEqual({ ok: true, data: {} });
    const result = validateStepOutputs(
      certify,
      'approved',
      { certificateNo: 'X', level: 'Z', extra: 1 },
      today,
    );
    expect(result.ok ? [] : result.errors.map((error) => [error.code, error.path.join('.')])).toEqual(
      expect.arrayContaining([
        ['NOT_AN_OPTION', 'outputs.level'],
        ['UNKNOWN_FIELD', 'outputs.extra'],
      ]),
    );
  });

  it("maps a department system's answer to outputs by from (default: the output id), checked against the types", () => {
    const auto = {
      ...certify,
      kind: 'auto' as const,
      outputs: [{ ...certify.outputs[0], from: 'certificate.number' }],
    };
    expect(mapAnswerToOutputs(auto, { certificate: { number: 'RC-7' } }, today)).toEqual({
      ok: true,
      data: { certificateNo: 'RC-7' },
    });
    const wrong = mapAnswerToOutputs(auto, { certificate: { number: 7 } }, today);
    expect(wrong.ok ? [] : wrong.errors.map((error) => error.path.join('.'))).toEqual([
      'outputs.certificateNo',
    ]);
    expect(mapAnswerToOutputs(certify, { certificateNo: 'RC-8' }, today)).toMatchObject({
      data: { certificateNo: 'RC-8' },
    });
  });

  it('lists only the applicant-visible outputs that were produced', () => {
    expect(applicantVisibleOutputs(definition, { certify: { certificateNo: 'RC-9', level: 'A' } })).toEqual([
      expect.objectContaining({ reference: 'steps.certify.outputs.certificateNo', value: 'RC-9' }),
    ]);
  });
});

describe('the minimisation matrix with outputs', () => {
  it('has a row per output and says both what is asked but unused and what a department receives beyond need', () => {
    const text = source([
      ...SUBSIDY,
      '    contract:',
      '      - steps.certify.outputs.certificateNo',
      "      - { field: childName, when: 'fields.hasChildren == true' }",
      '  - id: recheck',
      '    title: { zh-CN: 复核, en: Recheck }',
      '    department: talent-office',
      '    kind: manual',
      '    after: [certify]',
      '    contract: [steps.certify.outputs.certificateNo]',
      '    sla: { workingDays: 1 }',
    ]);
    const definition = parsed(text);
    const spare = {
      id: 'shoeSize',
      type: 'number' as const,
      label: { 'zh-CN': '鞋码', en: 'Shoe size' },
      required: false,
    };
    const { matrix } = planDefinition({ ...definition, fields: [...definition.fields, spare] });
    expect(matrix.cells['housing']?.['steps.certify.outputs.certificateNo']).toEqual(['subsidy']);
    expect(matrix.fields).toContain('steps.certify.outputs.level');
    expect(matrix.askedButUnused).toEqual(['shoeSize']);
    expect(matrix.receivedBeyondNeed).toEqual([
      {
        department: 'talent-office',
        stepId: 'recheck',
        datum: 'steps.certify.outputs.certificateNo',
        reason: 'own-output',
      },
    ]);
    expect(matrix.outputsUnused).toEqual(['steps.certify.outputs.level']);
    expect(matrix.legend.receivedBeyondNeed.en).toMatch(/receives more than it needs/);
  });
});

import { loadDemoCatalog } from './catalog';
import { DefinitionIssueCode } from './errors';
import { renderNotice } from './notice';
import { mergeOutcome } from './scheduling';
import { context, looseDefinition } from '../testing/definition-fixtures';
import { validateDefinition } from './validator';

const demo = (key: string) => loadDemoCatalog().find((entry) => entry.definition.key === key)!.definition;
const settlement = demo('talent-settlement');
const introduction = demo('talent-introduction');

describe('renderNotice', () => {
  it('fills the partial template with the titles of the steps that were rejected', () => {
    const merged = mergeOutcome(settlement, {
      talentCertification: 'approved',
      insuranceTransfer: 'approved',
      householdRegistration: 'approved',
      housingSubsidy: 'rejected',
      schoolEnrolment: 'skipped',
    });
    const caseId = '4f1c2a9e-0b7d-4e21-9a3c-5d6e7f8a9b0c';
    expect(renderNotice(settlement, merged, { locale: 'zh-CN', caseId })).toBe(
      '您的人才落户（编号 4F1C2A9E）已办结，但以下配套事项未通过：人才住房补贴。详见下方明细。',
    );
    expect(renderNotice(settlement, merged, { locale: 'en', caseId })).toContain(
      'these related services were not approved: Talent housing subsidy.',
    );
  });
});

describe('renderNotice', () => {
  const caseId = '0a1b2c3d-0000-4000-8000-000000000000';
  // 23:30 on 28 November UTC is already 29 November in China Standard Time.
  const submittedAt = new Date('2026-11-28T23:30:00Z');
  const allApproved = mergeOutcome(introduction, {
    talentCertification: 'approved',
    creditCheck: 'approved',
    insuranceTransfer: 'approved',
  });

  it('joins the step titles as a list of the notice language, and dates the case in China Standard Time', () => {
    expect(renderNotice(introduction, allApproved, { locale: 'zh-CN', caseId, submittedAt })).toBe(
      '您于2026年11月29日提交的人才引进申请（编号 0A1B2C3D）已办结：人才认定、信用核查和社保关系转移均已通过。',
    );
    expect(renderNotice(introduction, allApproved, { locale: 'en', caseId, submittedAt })).toBe(
      'Your talent introduction application of November 29, 2026 (ref. 0A1B2C3D) is complete: ' +
        'Talent certification, Credit check, and Social insurance transfer approved.',
    );
  });

  it('inserts values as plain text, without HTML escaping, and leaves no placeholder behind', () => {
    const definition = structuredClone(introduction);
    definition.steps[0].title.en = 'R&D <certification>';
    definition.outcome.notice.approved.en =
      '{{{approvedSteps}}} / {{approvedSteps}}{{#skippedSteps}} (skipped: {{skippedSteps}}){{/skippedSteps}}';
    const text = renderNotice(definition, allApproved, { locale: 'en', caseId });
    expect(text).toBe(
      'R&D <certification>, Credit check, and Social insurance transfer / ' +
        'R&D <certification>, Credit check, and Social insurance transfer',
    );
  });
});

describe('notice placeholders in the validator', () => {
  const withTemplate = (template: string) => {
    const definition = looseDefinition();
    (definition['outcome'] as { notice: { rejected: { en: string } } }).notice.rejected.en = template;
    return validateDefinition(definition, context).issues.filter((found) => found.code.startsWith('NOTICE_'));
  };

  it.each([
    ['an unclosed tag', 'Rejected: {{rejectedSteps'],
    ['an unclosed section', 'Rejected{{#rejectedSteps}}: {{rejectedSteps}}'],
    ['a section closed that was never opened', 'Rejected{{/rejectedSteps}}'],
    ['a partial', 'Rejected: {{> footer}}'],
  ])('refuses a template with %s, at the template', (_case, template) => {
    expect(withTemplate(template)).toEqual([
      expect.objectContaining({
        code: DefinitionIssueCode.NoticeTemplateInvalid,
        severity: 'error',
        pointer: '/outcome/notice/rejected/en',
      }),
    ]);
  });

  it('accepts sections over known placeholders, and finds unknown names inside them', () => {
    expect(withTemplate('Rejected{{#rejectedSteps}}: {{rejectedSteps}}{{/rejectedSteps}}.')).toEqual([]);
    expect(withTemplate('{{#rejectedSteps}}{{reason.text}}{{/rejectedSteps}}')).toEqual([
      expect.objectContaining({
        code: DefinitionIssueCode.NoticeUnknownPlaceholder,
        details: { placeholder: 'reason.text' },
      }),
    ]);
  });

  it('reports an unknown placeholder at the template that uses it', () => {
    const definition = looseDefinition();
    (definition['outcome'] as { notice: { rejected: { en: string } } }).notice.rejected.en =
      'Rejected: {{reasons}}';
    const found = validateDefinition(definition, context).issues.find(
      (candidate) => candidate.code === DefinitionIssueCode.NoticeUnknownPlaceholder,
    );
    expect(found).toMatchObject({
      pointer: '/outcome/notice/rejected/en',
      details: { placeholder: 'reasons' },
    });
  });
});

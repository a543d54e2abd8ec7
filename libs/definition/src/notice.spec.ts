import { loadDemoCatalog } from './catalog';
import { DefinitionIssueCode } from './errors';
import { renderNotice } from './notice';
import { mergeOutcome } from './scheduling';
import { context, looseDefinition } from './test-fixtures';
import { validateDefinition } from './validator';

const settlement = loadDemoCatalog().find(
  (entry) => entry.definition.key === 'talent-settlement',
)!.definition;

describe('renderNotice', () => {
  it('fills the partial template with the titles of the steps that were rejected', () => {
    const merged = mergeOutcome(settlement, {
      talentCertification: 'approved',
      insuranceTransfer: 'approved',
      householdRegistration: 'approved',
      housingSubsidy: 'rejected',
      schoolEnrolment: 'skipped',
    });
    expect(renderNotice(settlement, merged, { locale: 'zh-CN', caseId: 'C-42' })).toBe(
      '您的人才落户（C-42）已办结，但以下配套事项未通过：人才住房补贴。详见下方明细。',
    );
    expect(renderNotice(settlement, merged, { locale: 'en', caseId: 'C-42' })).toContain(
      'these related services were not approved: Talent housing subsidy.',
    );
  });
});

describe('notice placeholders in the validator', () => {
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

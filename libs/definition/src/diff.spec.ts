import { loadDemoCatalog } from './catalog';
import { diffDefinitions } from './diff';
import type { Definition } from './schema';

const settlement = loadDemoCatalog().find(
  (entry) => entry.definition.key === 'talent-settlement',
)!.definition;

describe('diffDefinitions', () => {
  it('finds nothing between a definition and itself', () => {
    const diff = diffDefinitions(settlement, structuredClone(settlement));
    expect(diff.identical).toBe(true);
    expect(diff.contractsWidened).toEqual([]);
  });

  it('reports widened and narrowed contracts, SLA, condition, step and field changes', () => {
    const next: Definition = structuredClone(settlement);
    next.version = 2;
    const step = (id: string) => next.steps.find((candidate) => candidate.id === id)!;
    step('insuranceTransfer').contract.push('mobile');
    step('householdRegistration').contract = step('householdRegistration').contract.filter(
      (id) => id !== 'mobile',
    );
    step('housingSubsidy').sla.workingDays = 7;
    step('schoolEnrolment').when = 'fields.hasChildren == true && fields.schoolStage != "kindergarten"';
    next.steps = next.steps.filter((candidate) => candidate.id !== 'talentCertification');
    step('householdRegistration').after = [];
    next.fields.push({ id: 'email', type: 'text', label: { 'zh-CN': '邮箱', en: 'Email' }, required: false });
    next.steps.push({ ...structuredClone(step('housingSubsidy')), id: 'rentSubsidy', contract: ['email'] });

    const diff = diffDefinitions(settlement, next);
    expect(diff.identical).toBe(false);
    expect(diff.version).toEqual({ from: 1, to: 2 });
    expect(diff.stepsRemoved).toEqual(['talentCertification']);
    expect(diff.stepsAdded).toEqual(['rentSubsidy']);
    expect(diff.fieldsAdded).toEqual(['email']);
    expect(diff.contractsWidened).toEqual([
      { stepId: 'rentSubsidy', department: 'housing', fields: ['email'] },
      { stepId: 'insuranceTransfer', department: 'hrss', fields: ['mobile'] },
    ]);
    expect(diff.contractsNarrowed).toEqual([
      { stepId: 'householdRegistration', department: 'public-security', fields: ['mobile'] },
    ]);
    expect(diff.slaChanged).toEqual([{ stepId: 'housingSubsidy', from: 10, to: 7 }]);
    expect(diff.conditionsChanged).toEqual([
      {
        stepId: 'schoolEnrolment',
        from: 'fields.hasChildren == true',
        to: 'fields.hasChildren == true && fields.schoolStage != "kindergarten"',
      },
    ]);
    expect(diff.dependenciesChanged).toEqual([
      { stepId: 'householdRegistration', from: ['talentCertification'], to: [] },
    ]);
  });
});

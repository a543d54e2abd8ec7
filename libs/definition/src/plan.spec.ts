import { loadDemoCatalog } from './catalog';
import { planDefinition } from './plan';

const settlement = loadDemoCatalog().find(
  (entry) => entry.definition.key === 'talent-settlement',
)!.definition;

describe('planDefinition', () => {
  const plan = planDefinition(settlement);

  it('groups the steps that can run together into stages', () => {
    expect(plan.stages).toEqual([
      ['talentCertification', 'insuranceTransfer'],
      ['householdRegistration'],
      ['housingSubsidy', 'schoolEnrolment'],
    ]);
  });

  it('finds the critical path and the worst-case working days it implies', () => {
    // certification 5 + registration 5 + school enrolment 15
    expect(plan.criticalPath).toEqual({
      steps: ['talentCertification', 'householdRegistration', 'schoolEnrolment'],
      paths: [['talentCertification', 'householdRegistration', 'schoolEnrolment']],
      truncated: false,
      workingDays: 25,
    });
    expect(plan.commitment).toBeUndefined();
  });

  it('lists nodes and edges of the step graph', () => {
    expect(plan.nodes.find((node) => node.id === 'schoolEnrolment')).toEqual({
      id: 'schoolEnrolment',
      department: 'education',
      kind: 'manual',
      required: false,
      slaWorkingDays: 15,
      conditional: true,
    });
    expect(plan.edges).toContainEqual({ from: 'insuranceTransfer', to: 'housingSubsidy' });
    expect(plan.edges).toHaveLength(4);
  });

  it('renders the graph as Mermaid, auto steps as subroutines and conditional edges dashed', () => {
    expect(plan.mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(plan.mermaid).toContain('insuranceTransfer[["社会保险关系转移<br/>hrss · 3d"]]');
    expect(plan.mermaid).toContain('talentCertification --> householdRegistration');
    expect(plan.mermaid).toContain(
      'householdRegistration -. "fields.hasChildren == true" .-> schoolEnrolment',
    );
  });
});

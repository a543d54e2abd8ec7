import { loadDemoCatalog } from './catalog';
import { mergeOutcome, projectContract, scheduleSteps } from './scheduling';

const settlement = loadDemoCatalog().find(
  (entry) => entry.definition.key === 'talent-settlement',
)!.definition;
const data = {
  fullName: '张三',
  residentId: '11010519491231002X',
  mobile: '13812345678',
  bankAccount: '6222020200112233445',
  hasChildren: false,
  employer: 'Acme',
};

describe('projectContract', () => {
  it('passes a department only the fields in its step contract', () => {
    expect(projectContract(settlement, 'insuranceTransfer', data)).toEqual({
      fullName: '张三',
      residentId: '11010519491231002X',
      employer: 'Acme',
    });
  });

  it('refuses an unknown step rather than leaking anything', () => {
    expect(() => projectContract(settlement, 'nope', data)).toThrow('Unknown step: nope');
  });
});

describe('scheduleSteps', () => {
  it('starts the steps without dependencies in parallel', () => {
    expect(scheduleSteps(settlement, { fields: data, outcomes: {} })).toMatchObject({
      ready: ['talentCertification', 'insuranceTransfer'],
      waiting: ['householdRegistration', 'housingSubsidy', 'schoolEnrolment'],
      complete: false,
    });
  });

  it('skips a step whose condition is false once its dependencies are settled', () => {
    const schedule = scheduleSteps(settlement, {
      fields: data,
      outcomes: {
        talentCertification: 'approved',
        insuranceTransfer: 'approved',
        householdRegistration: 'approved',
      },
    });
    expect(schedule.ready).toEqual(['housingSubsidy']);
    expect(schedule.skipped).toEqual(['schoolEnrolment']);
  });

  it('blocks everything behind a rejected required step, transitively, and with let-finish nothing else', () => {
    const schedule = scheduleSteps(
      { ...settlement, onRequiredRejection: 'let-finish' },
      { fields: { ...data, hasChildren: true }, outcomes: { talentCertification: 'rejected' } },
    );
    expect(schedule.blocked).toEqual(['householdRegistration', 'schoolEnrolment']);
    expect(schedule.reasons).toEqual({
      householdRegistration: 'Upstream step talentCertification was rejected',
      schoolEnrolment: 'Upstream step householdRegistration was blocked',
    });
    expect(schedule.ready).toEqual(['insuranceTransfer']);
    expect(schedule.waiting).toEqual(['housingSubsidy']);
  });

  it('with cancel-open (the default) starts nothing more once a required rejection decides the case', () => {
    const schedule = scheduleSteps(settlement, {
      fields: data,
      outcomes: { talentCertification: 'rejected' },
      running: ['insuranceTransfer'],
    });
    expect(schedule.ready).toEqual([]);
    expect(schedule.waiting).toEqual(['insuranceTransfer']);
    expect(schedule.blocked).toEqual(['householdRegistration', 'housingSubsidy', 'schoolEnrolment']);
    expect(schedule.reasons['housingSubsidy']).toBe(
      'The case was already rejected by step talentCertification',
    );
  });

  it('in histories from before the flow semantics, blocks only behind a rejected required step', () => {
    const schedule = scheduleSteps(settlement, {
      fields: { ...data, hasChildren: true },
      outcomes: { talentCertification: 'rejected' },
      legacy: true,
    });
    expect(schedule.blocked).toEqual(['householdRegistration', 'schoolEnrolment']);
    expect(schedule.reasons['schoolEnrolment']).toBe('A required earlier step was rejected');
    expect(schedule.ready).toEqual(['insuranceTransfer']);
    expect(schedule.waiting).toEqual(['housingSubsidy']);
  });

  it('skips the dependents of a skipped step with the reason, unless they run anyway', () => {
    const chain = {
      ...settlement,
      steps: settlement.steps.map((step) =>
        step.id === 'talentCertification' ? { ...step, when: 'fields.hasChildren == true' } : step,
      ),
    };
    const first = scheduleSteps(chain, { fields: data, outcomes: {} });
    expect(first.skipped).toEqual(['talentCertification', 'householdRegistration', 'schoolEnrolment']);
    expect(first.reasons).toEqual({
      talentCertification: 'Condition not met',
      householdRegistration: 'Upstream step talentCertification was skipped',
      schoolEnrolment: 'Upstream step householdRegistration was skipped',
    });
    expect(first.ready).toEqual(['insuranceTransfer']);

    const anyway = {
      ...chain,
      steps: chain.steps.map((step) =>
        step.id === 'householdRegistration' ? { ...step, runsWhenUpstream: ['skipped' as const] } : step,
      ),
    };
    expect(scheduleSteps(anyway, { fields: data, outcomes: {} }).ready).toEqual([
      'insuranceTransfer',
      'householdRegistration',
    ]);
    // Before the flow semantics the dependent ran.
    expect(scheduleSteps(chain, { fields: data, outcomes: {}, legacy: true }).ready).toContain(
      'householdRegistration',
    );
  });

  it('blocks the dependent of a rejected optional step unless it runs anyway after a rejection', () => {
    const outcomes = {
      talentCertification: 'approved',
      insuranceTransfer: 'approved',
      householdRegistration: 'approved',
      schoolEnrolment: 'rejected',
    } as const;
    const withDependent = {
      ...settlement,
      steps: [
        ...settlement.steps,
        { ...settlement.steps[0], id: 'letter', after: ['schoolEnrolment'], required: false },
      ],
    };
    expect(scheduleSteps(withDependent, { fields: data, outcomes }).reasons['letter']).toBe(
      'Upstream step schoolEnrolment was rejected',
    );
    const anyway = {
      ...withDependent,
      steps: withDependent.steps.map((step) =>
        step.id === 'letter' ? { ...step, runsWhenUpstream: ['rejected' as const] } : step,
      ),
    };
    expect(scheduleSteps(anyway, { fields: data, outcomes }).ready).toContain('letter');
  });

  it('treats a cancelled step as settled: complete once the others are, its dependents blocked', () => {
    const schedule = scheduleSteps(
      { ...settlement, onRequiredRejection: 'let-finish' },
      {
        fields: data,
        outcomes: { insuranceTransfer: 'approved', talentCertification: 'approved' },
        cancelled: ['householdRegistration'],
      },
    );
    expect(schedule.blocked).toEqual(['housingSubsidy', 'schoolEnrolment']);
    expect(schedule.complete).toBe(true);
  });

  it('keeps running steps waiting and completes when every step has an outcome', () => {
    expect(
      scheduleSteps(settlement, { fields: data, outcomes: {}, running: ['insuranceTransfer'] }).waiting,
    ).toContain('insuranceTransfer');
    const done = scheduleSteps(settlement, {
      fields: data,
      outcomes: {
        talentCertification: 'approved',
        insuranceTransfer: 'approved',
        householdRegistration: 'approved',
        housingSubsidy: 'approved',
      },
    });
    expect(done).toMatchObject({ skipped: ['schoolEnrolment'], complete: true });
  });
});

describe('mergeOutcome', () => {
  it('approves when every required step approved, ignoring skipped ones', () => {
    const merged = mergeOutcome(settlement, {
      talentCertification: 'approved',
      insuranceTransfer: 'approved',
      householdRegistration: 'approved',
      housingSubsidy: 'approved',
      schoolEnrolment: 'skipped',
    });
    expect(merged).toMatchObject({ result: 'approved', skipped: ['schoolEnrolment'] });
  });

  it('gives a partial result when only an optional step was rejected', () => {
    const merged = mergeOutcome(settlement, {
      talentCertification: 'approved',
      insuranceTransfer: 'approved',
      householdRegistration: 'approved',
      housingSubsidy: 'rejected',
      schoolEnrolment: 'approved',
    });
    expect(merged).toMatchObject({ result: 'partial', partial: ['housingSubsidy'] });
  });

  it('is not applicable when no step ran, and approved for histories from before', () => {
    const allSkipped = Object.fromEntries(settlement.steps.map((step) => [step.id, 'skipped' as const]));
    expect(mergeOutcome(settlement, allSkipped).result).toBe('not_applicable');
    expect(mergeOutcome(settlement, allSkipped, { legacy: true }).result).toBe('approved');
    // A skipped required step does not count against a case in which others ran.
    expect(mergeOutcome(settlement, { ...allSkipped, insuranceTransfer: 'approved' }).result).toBe(
      'approved',
    );
  });

  it('rejects when a required step failed (the case workflow then undoes approved steps, latest first)', () => {
    const merged = mergeOutcome(settlement, {
      talentCertification: 'approved',
      insuranceTransfer: 'rejected',
      householdRegistration: 'approved',
      housingSubsidy: 'approved',
    });
    expect(merged).toMatchObject({
      result: 'rejected',
      rejected: ['insuranceTransfer'],
      approved: ['talentCertification', 'householdRegistration', 'housingSubsidy'],
    });
  });
});

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

  it('blocks everything behind a rejected required step, transitively', () => {
    const schedule = scheduleSteps(settlement, {
      fields: { ...data, hasChildren: true },
      outcomes: { talentCertification: 'rejected' },
    });
    expect(schedule.blocked).toEqual(['householdRegistration', 'schoolEnrolment']);
    expect(schedule.ready).toEqual(['insuranceTransfer']);
    expect(schedule.waiting).toEqual(['housingSubsidy']);
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

import type { Principal } from './principal';
import { supervises } from '@onething/case-model';
import { caseOwnership, mayActForApplicant, mayCallRoute, mayReadCase } from './policy';

const person = (roles: Principal['roles'], departments: string[] = [], id = 'me'): Principal => ({
  kind: 'account',
  id,
  accountId: id,
  username: id,
  roles,
  departments,
  via: 'password',
});

describe('policy', () => {
  it('lets a caller through a department route only for a department they belong to', () => {
    const rule = { kind: 'roles' as const, roles: ['department_worker' as const], departmentParam: 'code' };
    expect(mayCallRoute(person(['department_worker'], ['tax']), rule, { code: 'tax' })).toBe(true);
    expect(mayCallRoute(person(['department_worker'], ['tax']), rule, { code: 'hrss' })).toBe(false);
    expect(mayCallRoute(person(['applicant']), rule, { code: 'tax' })).toBe(false);
  });

  it('reads a case: owner, submitting clerk, admin, auditor, and departments with a step in it', () => {
    const facts = { applicantAccountId: 'owner', submittedByAccountId: 'clerk', departments: ['hrss'] };
    expect(mayReadCase(person(['applicant'], [], 'owner'), facts)).toBe(true);
    expect(mayReadCase(person(['applicant'], [], 'other'), facts)).toBe(false);
    expect(mayReadCase(person(['counter_clerk'], [], 'clerk'), facts)).toBe(true);
    expect(mayReadCase(person(['counter_clerk'], [], 'other-clerk'), facts)).toBe(false);
    expect(mayReadCase(person(['administrator']), facts)).toBe(true);
    expect(mayReadCase(person(['auditor']), facts)).toBe(true);
    expect(mayReadCase(person(['department_worker'], ['hrss']), facts)).toBe(true);
    expect(mayReadCase(person(['department_supervisor'], ['tax']), facts)).toBe(false);
  });

  it('requires a clerk to record consent, and an applicant to submit only for themself', () => {
    expect(() => caseOwnership(person(['counter_clerk'], [], 'clerk'), undefined)).toThrow(/consent/);
    const consent = { method: 'signed_form' as const, reference: 'F-1' };
    expect(caseOwnership(person(['counter_clerk'], [], 'clerk'), { consent })).toMatchObject({
      applicantAccountId: null,
      submittedByAccountId: 'clerk',
      submissionConsent: { method: 'signed_form', reference: 'F-1' },
    });
    expect(() => caseOwnership(person(['applicant']), { consent })).toThrow(/only a counter clerk/);
    expect(caseOwnership(person(['applicant']), undefined)).toEqual({
      applicantAccountId: 'me',
      submittedByAccountId: 'me',
      submissionConsent: null,
    });
  });
});

describe('the case lifecycle', () => {
  const facts = { applicantAccountId: 'me', submittedByAccountId: 'clerk', departments: ['housing'] };

  it('lets only the applicant, or the clerk who submitted, act for the applicant', () => {
    expect(mayActForApplicant(person(['applicant']), facts)).toBe(true);
    expect(mayActForApplicant(person(['counter_clerk'], [], 'clerk'), facts)).toBe(true);
    expect(mayActForApplicant(person(['applicant'], [], 'someone-else'), facts)).toBe(false);
    expect(mayActForApplicant(person(['counter_clerk'], [], 'another-clerk'), facts)).toBe(false);
    // An administrator reads the case but does not speak for the applicant.
    expect(mayActForApplicant(person(['administrator']), facts)).toBe(false);
    expect(mayActForApplicant(person(['department_worker'], ['housing']), facts)).toBe(false);
  });

  it("lets administrators and a department's own supervisors supervise its work", () => {
    expect(supervises(person(['administrator']), 'housing')).toBe(true);
    expect(supervises(person(['department_supervisor'], ['housing']), 'housing')).toBe(true);
    expect(supervises(person(['department_supervisor'], ['education']), 'housing')).toBe(false);
    expect(supervises(person(['department_worker'], ['housing']), 'housing')).toBe(false);
    expect(supervises(person(['auditor']), 'housing')).toBe(false);
  });
});

import { checkResidentId } from '@onething/definition';
import { InvalidSimulatedRequest, sampleResidentId, simulatedDepartments } from './rules';

const departments = simulatedDepartments;
const clean = sampleResidentId({ sequenceDigit: 5, lastCharacter: '1' });
const check = (code: string, data: Record<string, unknown>) => departments[code].check(data);
const lookup = (code: string, subject: Record<string, unknown>) => departments[code].lookup!(subject);

describe('simulated department rules', () => {
  it('has a rule for every connector the sample definitions and the demo catalog use', () => {
    expect(Object.keys(departments).sort()).toEqual([
      'academic-credentials',
      'business-registry',
      'credit',
      'exit-entry-records',
      'foreign-work-permit',
      'household-registry',
      'property-registry',
      'social-insurance',
      'subsidy-payment',
      'tax-registry',
    ]);
  });

  it('makes valid sample resident IDs with the asked sequence digit and last character', () => {
    const id = sampleResidentId({ sequenceDigit: 9, lastCharacter: '4' });
    expect(id[16]).toBe('9');
    expect(id[17]).toBe('4');
    expect(checkResidentId(id, '2026-01-01').valid).toBe(true);
  });

  it('credit: rejects a resident ID ending in 4 (dishonest debtor), approves others', () => {
    expect(
      check('credit', { fullName: 'A', residentId: sampleResidentId({ lastCharacter: '4' }) }),
    ).toMatchObject({
      decision: 'rejected',
      reason: expect.stringContaining('失信被执行人'),
    });
    expect(check('credit', { fullName: 'A', residentId: clean }).decision).toBe('approved');
  });

  it('social insurance: rejects fewer than 6 months of contributions, approves transfers and enrolments', () => {
    const base = { fullName: 'A', residentId: clean };
    expect(check('social-insurance', { ...base, monthsOfContributions: 5 })).toMatchObject({
      decision: 'rejected',
      reason: expect.stringContaining('at least 6'),
    });
    expect(check('social-insurance', { ...base, monthsOfContributions: 6 }).decision).toBe('approved');
    expect(check('social-insurance', { ...base, employer: 'ACME' }).decision).toBe('approved');
    expect(
      check('social-insurance', { fullName: 'B', passportNumber: 'E1', nationality: 'DE', employer: 'ACME' })
        .decision,
    ).toBe('approved');
    expect(() => check('social-insurance', { ...base, monthsOfContributions: 'six' })).toThrow(
      InvalidSimulatedRequest,
    );
  });

  it('social insurance: prefills contribution months from the 16th and 17th characters of the ID', () => {
    const id = sampleResidentId({ sequenceDigit: 3 });
    expect(lookup('social-insurance', { residentId: id })).toEqual({
      found: true,
      data: { contributionMonths: Number(id.slice(15, 17)) },
    });
  });

  it('property registry: rejects when the applicant or the spouse already owns property (17th character 9)', () => {
    const owner = sampleResidentId({ sequenceDigit: 9 });
    expect(check('property-registry', { fullName: 'A', residentId: owner })).toMatchObject({
      decision: 'rejected',
      reason: expect.stringContaining('applicant already owns'),
    });
    expect(
      check('property-registry', { fullName: 'A', residentId: clean, spouseResidentId: owner }),
    ).toMatchObject({
      decision: 'rejected',
      reason: expect.stringContaining('spouse'),
    });
    expect(
      check('property-registry', { fullName: 'A', residentId: clean, spouseResidentId: '' }).decision,
    ).toBe('approved');
  });

  it('tax registry: rejects a resident ID ending in 3 (tax arrears)', () => {
    const data = { fullName: 'A', companyName: 'X Ltd', businessAddress: {} };
    expect(
      check('tax-registry', { ...data, residentId: sampleResidentId({ lastCharacter: '3' }) }).decision,
    ).toBe('rejected');
    expect(check('tax-registry', { ...data, residentId: clean })).toMatchObject({
      decision: 'approved',
      data: { taxpayerNumber: expect.stringMatching(/^TX/) },
    });
  });

  it('business registry: rejects a company name already registered', () => {
    expect(check('business-registry', { companyName: '一件事科技有限公司' }).decision).toBe('rejected');
    expect(check('business-registry', { companyName: '新公司' }).decision).toBe('approved');
  });

  it('academic credentials: prefills the degree the 17th character records, and checks a claimed degree', () => {
    expect(lookup('academic-credentials', { residentId: sampleResidentId({ sequenceDigit: 1 }) })).toEqual({
      found: true,
      data: { highestDegree: 'doctorate' },
    });
    expect(
      lookup('academic-credentials', { residentId: sampleResidentId({ sequenceDigit: 5 }) }),
    ).toMatchObject({
      data: { highestDegree: 'master' },
    });
    expect(
      lookup('academic-credentials', { residentId: sampleResidentId({ sequenceDigit: 8 }) }),
    ).toMatchObject({
      data: { highestDegree: 'bachelor' },
    });
    expect(lookup('academic-credentials', { residentId: sampleResidentId({ sequenceDigit: 0 }) })).toEqual({
      found: false,
    });
    expect(check('academic-credentials', { residentId: clean, highestDegree: 'master' }).decision).toBe(
      'approved',
    );
    expect(check('academic-credentials', { residentId: clean, highestDegree: 'doctorate' }).decision).toBe(
      'rejected',
    );
  });

  it('household registry: approves, and prefills the registered address from the ID', () => {
    expect(check('household-registry', { fullName: 'A', residentId: clean }).decision).toBe('approved');
    expect(lookup('household-registry', { residentId: clean })).toMatchObject({
      found: true,
      data: { registeredAddress: { province: '上海市', city: '上海市', district: '310104区' } },
    });
  });

  it('exit-entry records: rejects a passport number ending in 4 (exit-entry ban)', () => {
    const data = { fullName: 'John Doe', nationality: 'GB', dateOfBirth: '1990-01-01' };
    expect(check('exit-entry-records', { ...data, passportNumber: 'E12345674' }).decision).toBe('rejected');
    expect(check('exit-entry-records', { ...data, passportNumber: 'E12345678' }).decision).toBe('approved');
  });

  it('gives the same answer to the same data', () => {
    const data = { fullName: 'A', residentId: clean, companyName: 'X', businessAddress: {} };
    expect(check('tax-registry', data)).toEqual(check('tax-registry', data));
  });

  it('refuses a request without a field it needs, naming the field', () => {
    expect(() => check('credit', { fullName: 'A' })).toThrow(/residentId: expected a resident ID/);
    expect(() => check('credit', { fullName: 'A', residentId: '123' })).toThrow(InvalidSimulatedRequest);
    expect(() => check('exit-entry-records', { fullName: 'A' })).toThrow(/passportNumber/);
  });
});

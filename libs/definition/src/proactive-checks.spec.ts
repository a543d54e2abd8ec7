import { DefinitionIssueCode as Code, type DefinitionIssue } from './errors';
import { context, looseDefinition, type Loose } from '../testing/definition-fixtures';
import { validateDefinition } from './validator';
import { evaluateTrigger } from './trigger';
import type { Trigger } from './schema';

const TRIGGER = {
  event: 'gov.talent-office.talent-certified',
  eligibility: "event.data.level in ['A', 'B'] && event.data.city == 'hangzhou'",
  applicantFrom: 'person.login',
  prefill: { fullName: 'person.name' },
  confirmWithinWorkingDays: 5,
};
/** `certify` approves on the pledge; `register` (after it) verifies it ten working days later. */
const PLEDGE = { verifyAfterWorkingDays: 10, verification: 'register' };
const UNDO = { action: 'certificate-revocation', when: ['dependency-rejected'] };

function withBoth(change: (definition: Loose) => void = () => undefined): DefinitionIssue[] {
  const definition = looseDefinition();
  definition['trigger'] = structuredClone(TRIGGER);
  definition.steps[0]['pledge'] = { ...PLEDGE };
  definition.steps[0]['compensate'] = structuredClone(UNDO);
  change(definition);
  return validateDefinition(definition, context).issues;
}

const codes = (issues: DefinitionIssue[]) => issues.map((found) => found.code);

describe('trigger and pledge checks', () => {
  it('accept a definition with a trigger and a pledged step verified by a later step', () => {
    expect(withBoth()).toEqual([]);
  });

  it('refuse a trigger eligibility that reads the application, with the reference named', () => {
    const issues = withBoth((d) => ((d['trigger'] as Trigger).eligibility = 'fields.hasChildren == true'));
    expect(issues).toEqual([
      expect.objectContaining({
        code: Code.TriggerReadsApplication,
        path: ['trigger', 'eligibility'],
        details: { reference: 'fields.hasChildren' },
      }),
    ]);
  });

  it('refuse a trigger eligibility that does not parse, that is not boolean, or is always false', () => {
    expect(codes(withBoth((d) => ((d['trigger'] as Trigger).eligibility = 'event.data. ==')))).toEqual([
      Code.ConditionSyntax,
    ]);
    expect(codes(withBoth((d) => ((d['trigger'] as Trigger).eligibility = '1 + 2')))).toEqual([
      Code.ConditionNotBoolean,
    ]);
    expect(codes(withBoth((d) => ((d['trigger'] as Trigger).eligibility = 'false')))).toEqual([
      Code.TriggerNeverEligible,
    ]);
    expect(codes(withBoth((d) => ((d['trigger'] as Trigger).eligibility = 'person.level == 1')))).toEqual([
      Code.ConditionInvalidReference,
    ]);
  });

  it('refuse a prefill of an unknown field at the field id', () => {
    const issues = withBoth((d) => ((d['trigger'] as Trigger).prefill = { nickname: 'person.nick' }));
    expect(issues).toEqual([
      expect.objectContaining({
        code: Code.TriggerPrefillUnknownField,
        path: ['trigger', 'prefill', 'nickname'],
      }),
    ]);
  });

  it('refuse a malformed trigger through the schema (event type, applicant path)', () => {
    const issues = withBoth((d) => {
      (d['trigger'] as Trigger).event = 'Birth Registered';
      (d['trigger'] as Trigger).applicantFrom = 'person..login';
    });
    expect(issues.map((found) => found.path)).toEqual([
      ['trigger', 'event'],
      ['trigger', 'applicantFrom'],
    ]);
    expect(codes(issues)).toEqual([Code.InvalidValue, Code.InvalidValue]);
  });

  it('refuse a verification that is unknown, the step itself, or not after the pledged step', () => {
    expect(codes(withBoth((d) => ((d.steps[0]['pledge'] as typeof PLEDGE).verification = 'audit')))).toEqual([
      Code.PledgeUnknownVerification,
    ]);
    expect(
      codes(withBoth((d) => ((d.steps[0]['pledge'] as typeof PLEDGE).verification = 'certify'))),
    ).toEqual([Code.PledgeVerificationSelf]);
    expect(
      codes(withBoth((d) => ((d.steps[0]['pledge'] as typeof PLEDGE).verification = 'insurance'))),
    ).toEqual([Code.PledgeVerificationNotAfter]);
  });

  it('refuse a pledged step that its verification could not revoke', () => {
    expect(codes(withBoth((d) => delete d.steps[0]['compensate']))).toEqual([Code.PledgeWithoutCompensation]);
    const narrowed = withBoth((d) => ((d.steps[0]['compensate'] as typeof UNDO).when = ['withdrawn']));
    expect(narrowed).toEqual([
      expect.objectContaining({ code: Code.PledgeNotRevocable, path: ['steps', 0, 'compensate', 'when'] }),
    ]);
  });

  it('refuse a verification step that is itself pledged, and a pledged step with required outputs', () => {
    const chained = withBoth((d) => {
      d.steps[1]['pledge'] = { verifyAfterWorkingDays: 3, verification: 'school' };
      d.steps[1]['compensate'] = structuredClone(UNDO);
    });
    expect(codes(chained)).toEqual([Code.PledgeVerificationPledged]);
    const withOutputs = withBoth(
      (d) =>
        (d.steps[0]['outputs'] = [
          { id: 'certificateNo', type: 'text', label: { 'zh-CN': '证号', en: 'No.' } },
        ]),
    );
    expect(codes(withOutputs)).toEqual([Code.PledgeStepOutputs]);
  });
});

describe('evaluateTrigger', () => {
  const trigger: Trigger = structuredClone(TRIGGER);
  const event = (data: unknown) => ({ id: 'e1', type: TRIGGER.event, source: 'talent-office', data });
  const receivedAt = Date.UTC(2026, 0, 5, 2);

  it('starts for an eligible event: the person and what the event prefills', () => {
    const result = evaluateTrigger(
      trigger,
      event({ level: 'A', city: 'hangzhou', person: { login: 'zhang.san', name: '张三' } }),
      receivedAt,
    );
    expect(result).toEqual({ eligible: true, applicantLogin: 'zhang.san', prefill: { fullName: '张三' } });
  });

  it('does not start when the eligibility is false, cannot be evaluated, or names no person', () => {
    const person = { login: 'zhang.san' };
    expect(
      evaluateTrigger(trigger, event({ level: 'C', city: 'hangzhou', person }), receivedAt),
    ).toMatchObject({
      eligible: false,
      reason: 'not-met',
    });
    expect(evaluateTrigger(trigger, event({ level: 7, city: 'hangzhou', person }), receivedAt)).toMatchObject(
      {
        eligible: false,
      },
    );
    expect(evaluateTrigger(trigger, event({ level: 'A', city: 'hangzhou' }), receivedAt)).toMatchObject({
      eligible: false,
      reason: 'no-applicant',
    });
  });

  it('gives the trigger today() as the day the event was received, in China Standard Time', () => {
    const dated: Trigger = { ...trigger, eligibility: 'daysBetween(event.data.bornOn, today()) <= 30' };
    const data = { bornOn: '2026-01-01', person: { login: 'li.si' } };
    expect(evaluateTrigger(dated, event(data), receivedAt).eligible).toBe(true);
    expect(evaluateTrigger(dated, event(data), Date.UTC(2026, 2, 1)).eligible).toBe(false);
  });
});

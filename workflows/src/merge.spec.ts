import { mergeOutcomes } from './merge';

const approved = (stepId: string) => ({ stepId, department: stepId, decision: 'approved' as const });

describe('mergeOutcomes', () => {
  it('approves the case only when every department approved', () => {
    expect(mergeOutcomes([approved('a'), approved('b')]).decision).toBe('approved');
  });

  it('rejects the case when one department rejects, and keeps every sub-decision', () => {
    const result = mergeOutcomes([
      approved('a'),
      { stepId: 'b', department: 'b', decision: 'rejected', reason: 'no' },
    ]);
    expect(result.decision).toBe('rejected');
    expect(result.steps).toHaveLength(2);
  });

  it('fails the case rather than approving it when a department could not be reached', () => {
    expect(
      mergeOutcomes([approved('a'), { stepId: 'b', department: 'b', decision: 'failed' }]).decision,
    ).toBe('failed');
  });
});

import { toStepAttemptsView } from './step-attempts-view';

const at = new Date('2026-11-30T08:00:00Z');
const step = {
  attempt: 3,
  lastErrorCode: 'server-error:503',
  lastError: 'connector credit: server-error (HTTP 503): the department failed',
  lastErrorAt: at,
  nextRetryAt: new Date('2026-11-30T08:00:04Z'),
};

describe('a step retrying against its department', () => {
  it('shows retrying with the attempt, the last error and the next retry while it runs', () => {
    expect(toStepAttemptsView({ ...step, status: 'running' })).toEqual({
      state: 'retrying',
      attempt: 3,
      lastErrorCode: 'server-error:503',
      lastError: step.lastError,
      lastErrorAt: at.toISOString(),
      nextRetryAt: '2026-11-30T08:00:04.000Z',
      summary: 'retrying (attempt 3, last error server-error:503)',
    });
  });

  it('shows failed, waiting for an administrator, without a next retry, once the budget is spent', () => {
    expect(toStepAttemptsView({ ...step, status: 'failed', nextRetryAt: null })).toMatchObject({
      state: 'failed',
      attempt: 3,
      nextRetryAt: null,
      summary: "failed after 3 attempts (last error server-error:503); waiting for an administrator's retry",
    });
  });

  it('shows nothing when no attempt failed, or once the department answered', () => {
    expect(
      toStepAttemptsView({
        status: 'running',
        attempt: null,
        lastErrorCode: null,
        lastError: null,
        lastErrorAt: null,
        nextRetryAt: null,
      }),
    ).toBeNull();
    expect(toStepAttemptsView({ ...step, status: 'approved' })).toBeNull();
  });
});

import {
  canMoveCase,
  canMoveStep,
  canMoveTask,
  CASE_STATUSES,
  caseStatusesBefore,
  isCaseClosed,
  STEP_STATUSES,
  stepStatusesBefore,
  TASK_STATUSES,
  taskStatusesBefore,
} from './statuses';

describe('case statuses', () => {
  it('lets a submitted or running case close in any result, and a closed case move nowhere', () => {
    expect(canMoveCase('submitted', 'in_progress')).toBe(true);
    expect(canMoveCase('in_progress', 'withdrawn')).toBe(true);
    expect(canMoveCase('in_progress', 'submitted')).toBe(false);
    for (const closed of [
      'approved',
      'rejected',
      'partial',
      'not_applicable',
      'failed',
      'withdrawn',
      'cancelled',
    ] as const) {
      expect(isCaseClosed(closed)).toBe(true);
      expect(CASE_STATUSES.some((to) => canMoveCase(closed, to))).toBe(false);
    }
    expect(isCaseClosed('in_progress')).toBe(false);
  });

  it('lists the statuses a guarded update may start from', () => {
    expect(caseStatusesBefore('in_progress')).toEqual(['submitted']);
    expect(caseStatusesBefore('cancelled')).toEqual(['submitted', 'in_progress']);
  });
});

describe('step statuses', () => {
  it('runs a pending step, retries a failed one and compensates only an approved one', () => {
    expect(canMoveStep('pending', 'running')).toBe(true);
    expect(canMoveStep('failed', 'running')).toBe(true);
    expect(canMoveStep('approved', 'compensated')).toBe(true);
    expect(canMoveStep('rejected', 'compensated')).toBe(false);
    expect(canMoveStep('approved', 'running')).toBe(false);
    expect(stepStatusesBefore('running')).toEqual(['pending', 'failed']);
    expect(stepStatusesBefore('cancelled')).toEqual(['pending', 'running', 'failed']);
  });

  it('keeps the order the API lists them in', () => {
    expect(STEP_STATUSES).toEqual([
      'pending',
      'running',
      'approved',
      'rejected',
      'failed',
      'skipped',
      'blocked',
      'cancelled',
      'compensated',
    ]);
  });
});

describe('task statuses', () => {
  it('waits on the applicant only from open, and decides only an open task', () => {
    expect(TASK_STATUSES).toEqual(['open', 'awaiting_material', 'approved', 'rejected', 'cancelled']);
    expect(canMoveTask('open', 'awaiting_material')).toBe(true);
    expect(canMoveTask('awaiting_material', 'open')).toBe(true);
    expect(canMoveTask('awaiting_material', 'approved')).toBe(false);
    expect(canMoveTask('approved', 'open')).toBe(false);
    expect(taskStatusesBefore('cancelled')).toEqual(['open', 'awaiting_material']);
  });
});

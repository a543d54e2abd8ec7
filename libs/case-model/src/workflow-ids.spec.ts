import { caseWorkflowId, taskWorkflowId } from './workflow-ids';

describe('workflow ids', () => {
  // Running workflows and recorded histories carry these ids: their shape never changes.
  it('names a case workflow and its task workflows by ids only', () => {
    expect(caseWorkflowId('c1')).toBe('case-c1');
    expect(taskWorkflowId('c1', 'talentReview')).toBe('task-c1-talentReview');
  });
});

import { Injectable } from '@nestjs/common';
import { projectContract, type LocalizedText } from '@onething/definition';
import { NotificationService } from '@onething/notifications';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel } from '@onething/persistence';
import { taskWorkflowId } from '@onething/case-model';
import type { CaseActivities } from '@onething/workflows';
import { pinnedDefinition } from '../pinned-definitions';
import type { ActivityGroup, ActivityInput } from './activity-input';

type TaskActivityName = 'openTask' | 'escalateTask' | 'reassignTask';

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/**
 * A manual step's task in its department's worklist: opened once with only the step's contract
 * fields, escalated past its time limit, reassigned by a supervisor. Each change is recorded on the case.
 */
@Injectable()
export class TaskActivities implements ActivityGroup<TaskActivityName> {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly notifications: NotificationService,
  ) {}

  async openTask(input: ActivityInput<'openTask'>): Promise<{ taskId: string }> {
    const definition = await pinnedDefinition(this.definitions, input);
    const data = projectContract(
      definition,
      input.stepId,
      await this.readModel.cases.application(input.caseId),
      await this.readModel.steps.outputsOf(input.caseId),
    );
    return this.readModel.transaction(async (tx) => {
      const { task, opened } = await tx.tasks.openOnce(input, {
        department: input.department,
        data,
        workflowId: taskWorkflowId(input.caseId, input.stepId),
      });
      await tx.steps.move(input, 'running', null);
      await tx.cases.markInProgress(input.caseId);
      if (opened) {
        await tx.outbox.appendCaseEvent(input.caseId, 'task.opened', {
          taskId: task.id,
          stepId: input.stepId,
          department: input.department,
        });
      }
      return { taskId: task.id };
    });
  }

  async escalateTask(input: ActivityInput<'escalateTask'>): Promise<{ department: string }> {
    // `supervisor`: the department's supervisors take it over; otherwise the task moves department.
    const target =
      input.to === 'supervisor'
        ? input.department
        : input.to === 'lead-department'
          ? input.leadDepartment
          : input.to;
    const task = await this.readModel.transaction(async (tx) => {
      const first = await tx.tasks.escalate(input, {
        department: target,
        escalatedTo: input.to === 'supervisor' ? 'supervisor' : target,
      });
      await tx.steps.markEscalated(input);
      const row = await tx.tasks.getByStep(input);
      if (first) {
        await tx.outbox.appendCaseEvent(input.caseId, 'task.escalated', {
          stepId: input.stepId,
          taskId: row.id,
          from: input.department,
          to: target,
          escalatedTo: row.escalatedTo,
        });
      }
      return row;
    });
    await this.notifications.notify({
      dedupeKey: `task-escalated:${task.id}`,
      recipientAccountIds: await this.readModel.staff.supervisorsOf(target),
      kind: 'task-escalated',
      caseId: input.caseId,
      title: text('任务已超期升级', 'A task is past its time limit'),
      body: text(
        `步骤 ${input.stepId} 已超过办理时限，已升级至本部门负责人，请尽快处理。`,
        `Step ${input.stepId} is past its time limit and was escalated to you. Please act on it.`,
      ),
      data: { taskId: task.id, stepId: input.stepId, department: target },
    });
    return { department: task.department };
  }

  async reassignTask(input: ActivityInput<'reassignTask'>): Promise<{ department: string }> {
    return this.readModel.transaction(async (tx) => {
      const task = await tx.tasks.getByStep(input);
      const department = input.toDepartment ?? task.department;
      const assignee = input.toAccountId ?? null;
      if (task.department === department && task.assigneeAccountId === assignee) return { department };
      await tx.tasks.reassign(task.id, { department, assigneeAccountId: assignee });
      await tx.outbox.appendCaseEvent(input.caseId, 'task.reassigned', {
        stepId: input.stepId,
        taskId: task.id,
        from: task.department,
        to: department,
        assigneeAccountId: assignee,
        actorAccountId: input.actorAccountId,
        reason: input.reason,
      });
      return { department };
    });
  }

  asActivities(): Pick<CaseActivities, TaskActivityName> {
    return {
      openTask: (input) => this.openTask(input),
      escalateTask: (input) => this.escalateTask(input),
      reassignTask: (input) => this.reassignTask(input),
    };
  }
}

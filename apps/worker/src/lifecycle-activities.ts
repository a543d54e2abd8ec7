import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, In } from 'typeorm';
import type { CalendarData } from '@onething/calendar';
import { CalendarStore } from '@onething/calendar-store';
import { ConnectorRegistry } from '@onething/connectors';
import { projectContract, type LocalizedText } from '@onething/definition';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { NotificationService } from '@onething/notifications';
import {
  AccountDepartmentEntity,
  AccountEntity,
  CaseEntity,
  CaseStepEntity,
  MaterialAnswerEntity,
  MaterialRequestEntity,
  TaskEntity,
} from '@onething/persistence';
import { stepStatusesBefore } from '@onething/case-model';
import type { CaseActivities, StepRef } from '@onething/workflows';
import { ApplicantNotices } from './applicant-notices';
import { recordCaseEvent } from './case-events';
import { PinnedDefinitions } from './pinned-definitions';

type LifecycleActivities = Pick<
  CaseActivities,
  | 'loadWorkingCalendar'
  | 'recordSla'
  | 'recordSlaBreach'
  | 'escalateTask'
  | 'reassignTask'
  | 'recordMaterialRequest'
  | 'sendMaterialNotice'
  | 'applyMaterialAnswer'
  | 'closeOpenSteps'
  | 'compensateStep'
  | 'recordCaseAction'
>;

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });
type Input<K extends keyof CaseActivities> = Parameters<CaseActivities[K]>[0];

/**
 * The activities of the case lifecycle (SLA, escalation, more material, withdrawal, compensation,
 * notifications). Like the others they are idempotent: a retry finds what it already wrote. Events go
 * to the outbox in the same transaction; they carry ids, codes and actors, never personal data.
 */
@Injectable()
export class LifecycleActivitiesService implements LifecycleActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly definitions: PinnedDefinitions,
    private readonly calendar: CalendarStore,
    private readonly connectors: ConnectorRegistry,
    private readonly notifications: NotificationService,
    private readonly applicantNotices: ApplicantNotices,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  async loadWorkingCalendar({ fromDate }: { fromDate: string }): Promise<CalendarData> {
    const year = Number(fromDate.slice(0, 4));
    // A limit of up to 365 working days ends within two years.
    return this.calendar.load([year, year + 1, year + 2]);
  }

  async recordSla(input: Input<'recordSla'>): Promise<void> {
    const values = {
      dueDate: input.dueDate,
      dueAt: new Date(input.dueAt),
      dueSoonAt: new Date(input.dueSoonAt),
      slaPausedAt: input.paused ? () => 'COALESCE(sla_paused_at, now())' : null,
    };
    await this.dataSource.transaction(async (manager) => {
      for (const entity of [CaseStepEntity, TaskEntity]) {
        await manager
          .createQueryBuilder()
          .update(entity)
          .set({ sla: values })
          .where('case_id = :caseId AND step_id = :stepId', input)
          .execute();
      }
    });
  }

  async recordSlaBreach(input: StepRef): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      let first = false;
      for (const entity of [CaseStepEntity, TaskEntity]) {
        const result = await manager
          .createQueryBuilder()
          .update(entity)
          .set({ sla: { breachedAt: () => 'now()' } })
          .where('case_id = :caseId AND step_id = :stepId AND breached_at IS NULL', input)
          .execute();
        first ||= result.affected === 1;
      }
      if (first)
        await recordCaseEvent(manager, input.caseId, 'case.step.sla-breached', { stepId: input.stepId });
    });
    this.log.warn({ caseId: input.caseId, stepId: input.stepId }, 'step past its time limit');
  }

  async escalateTask(input: Input<'escalateTask'>): Promise<{ department: string }> {
    // `supervisor`: the department's supervisors take it over; otherwise the task moves department.
    const target =
      input.to === 'supervisor'
        ? input.department
        : input.to === 'lead-department'
          ? input.leadDepartment
          : input.to;
    const task = await this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(TaskEntity)
        .set({
          priority: 'urgent',
          sla: { escalatedAt: () => 'now()' },
          escalatedTo: input.to === 'supervisor' ? 'supervisor' : target,
          department: target,
          assigneeAccountId: null,
        })
        .where('case_id = :caseId AND step_id = :stepId AND escalated_at IS NULL', input)
        .execute();
      await manager
        .createQueryBuilder()
        .update(CaseStepEntity)
        .set({ sla: { escalatedAt: () => 'COALESCE(escalated_at, now())' } })
        .where('case_id = :caseId AND step_id = :stepId', input)
        .execute();
      const row = await manager.findOneByOrFail(TaskEntity, { caseId: input.caseId, stepId: input.stepId });
      if (updated.affected === 1) {
        await recordCaseEvent(manager, input.caseId, 'task.escalated', {
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
      recipientAccountIds: await this.supervisors(target),
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

  async reassignTask(input: Input<'reassignTask'>): Promise<{ department: string }> {
    return this.dataSource.transaction(async (manager) => {
      const task = await manager.findOneByOrFail(TaskEntity, { caseId: input.caseId, stepId: input.stepId });
      const department = input.toDepartment ?? task.department;
      const assignee = input.toAccountId ?? null;
      if (task.department === department && task.assigneeAccountId === assignee) return { department };
      await manager.update(TaskEntity, { id: task.id }, { department, assigneeAccountId: assignee });
      await recordCaseEvent(manager, input.caseId, 'task.reassigned', {
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

  async recordMaterialRequest(input: Input<'recordMaterialRequest'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO material_requests (case_id, step_id, department, fields, message, requested_by, request_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_key) DO NOTHING RETURNING id`,
        [
          input.caseId,
          input.stepId,
          input.department,
          JSON.stringify(input.fields),
          input.message,
          input.requestedBy,
          input.requestKey,
        ],
      );
      await manager
        .createQueryBuilder()
        .update(TaskEntity)
        .set({ status: 'awaiting_material' })
        .where('case_id = :caseId AND step_id = :stepId AND status = :open', { ...input, open: 'open' })
        .execute();
      if (inserted.length > 0) {
        await recordCaseEvent(manager, input.caseId, 'material.requested', {
          stepId: input.stepId,
          fields: input.fields,
        });
      }
    });
  }

  async sendMaterialNotice(input: Input<'sendMaterialNotice'>): Promise<void> {
    const created = await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO material_notices (id, case_id, status) VALUES ($1, $2, 'open')
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [input.noticeId, input.caseId],
      );
      if (inserted.length === 0) return false;
      await manager
        .createQueryBuilder()
        .update(MaterialRequestEntity)
        .set({ noticeId: input.noticeId })
        .where(
          'case_id = :caseId AND step_id IN (:...stepIds) AND notice_id IS NULL AND answered_at IS NULL',
          input,
        )
        .execute();
      await recordCaseEvent(manager, input.caseId, 'material.notice-sent', {
        noticeId: input.noticeId,
        stepIds: input.stepIds,
      });
      return true;
    });
    if (!created) this.log.info({ caseId: input.caseId, noticeId: input.noticeId }, 'notice already stored');
    await this.applicantNotices.materialRequested(input.caseId, input.noticeId, input.stepIds);
  }

  async applyMaterialAnswer(input: Input<'applyMaterialAnswer'>): Promise<void> {
    const definition = await this.definitions.get(input);
    await this.dataSource.transaction(async (manager) => {
      const answer = await manager.findOne(MaterialAnswerEntity, {
        where: { id: input.answerId, noticeId: input.noticeId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!answer) throw ApplicationFailure.nonRetryable('No such answer', 'UnknownAnswer');
      if (answer.status === 'applied') return;
      const caseRow = await manager.findOneByOrFail(CaseEntity, { id: input.caseId });
      await manager.query(`UPDATE cases SET application = $2, updated_at = now() WHERE id = $1`, [
        input.caseId,
        JSON.stringify({ ...caseRow.application, ...answer.values }),
      ]);
      const requests = await manager.findBy(MaterialRequestEntity, { noticeId: input.noticeId });
      // Each asking step receives the fields it asked for, within its own contract, and nothing else.
      for (const request of requests) {
        const asked = Object.fromEntries(
          Object.entries(answer.values).filter(([field]) => request.fields.includes(field)),
        );
        const fresh = projectContract(definition, request.stepId, asked);
        const task = await manager.findOneBy(TaskEntity, { caseId: input.caseId, stepId: request.stepId });
        if (task) {
          await manager.query(
            `UPDATE tasks SET data = $2, status = CASE WHEN status = 'awaiting_material' THEN 'open' ELSE status END
             WHERE id = $1`,
            [task.id, JSON.stringify({ ...task.data, ...fresh })],
          );
        }
      }
      await manager.update(
        MaterialRequestEntity,
        { noticeId: input.noticeId },
        { answeredAt: () => 'now()' },
      );
      await manager.query(
        `UPDATE material_notices SET status = 'answered', answered_at = now() WHERE id = $1`,
        [input.noticeId],
      );
      await manager.update(MaterialAnswerEntity, { id: answer.id }, { status: 'applied' });
      await recordCaseEvent(manager, input.caseId, 'material.answered', {
        noticeId: input.noticeId,
        stepIds: requests.map((request) => request.stepId),
        fields: Object.keys(answer.values),
      });
    });
  }

  async closeOpenSteps({ caseId, reason }: { caseId: string; reason: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const tasks = await manager
        .createQueryBuilder()
        .update(TaskEntity)
        .set({ status: 'cancelled', decisionReason: reason, decidedAt: () => 'now()' })
        .where('case_id = :caseId AND status IN (:...open)', { caseId, open: ['open', 'awaiting_material'] })
        .returning(['id', 'step_id'])
        .execute();
      await manager
        .createQueryBuilder()
        .update(CaseStepEntity)
        .set({ status: 'cancelled', reason, completedAt: () => 'now()' })
        .where('case_id = :caseId AND status IN (:...from)', {
          caseId,
          from: stepStatusesBefore('cancelled'),
        })
        .execute();
      await manager.query(
        `UPDATE material_notices SET status = 'closed' WHERE case_id = $1 AND status = 'open'`,
        [caseId],
      );
      const closed = (tasks.raw as { id: string; step_id: string }[]).map((row) => row.id);
      if (closed.length > 0)
        await recordCaseEvent(manager, caseId, 'task.closed', { taskIds: closed, reason });
    });
  }

  async compensateStep(input: Input<'compensateStep'>): Promise<void> {
    const definition = await this.definitions.get(input);
    const step = definition.steps.find((candidate) => candidate.id === input.stepId);
    if (!step?.compensate) {
      throw ApplicationFailure.nonRetryable(
        `Step ${input.stepId} has no undo action`,
        'ConnectorMisconfigured',
      );
    }
    const connector = step.compensate.connector ?? step.connector;
    // A manual step's undo without a system to call is recorded for the department to carry out.
    const outcome = connector
      ? await this.connectors.get(connector).compensate({
          caseId: input.caseId,
          stepId: input.stepId,
          action: step.compensate.action,
          reason: input.reason,
        })
      : { status: 'recorded' as const };
    await this.dataSource.transaction(async (manager) => {
      const moved = await manager
        .createQueryBuilder()
        .update(CaseStepEntity)
        .set({ status: 'compensated', compensatedAt: () => 'now()' })
        .where('case_id = :caseId AND step_id = :stepId AND status = :approved', {
          ...input,
          approved: 'approved',
        })
        .execute();
      if (moved.affected === 1) {
        await recordCaseEvent(manager, input.caseId, 'case.step.compensated', {
          stepId: input.stepId,
          action: step.compensate!.action,
          reason: input.reason,
          departmentAnswer: outcome.status,
        });
      }
    });
    this.log.info({ caseId: input.caseId, stepId: input.stepId, reason: input.reason }, 'step compensated');
  }

  async recordCaseAction(input: Input<'recordCaseAction'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await recordCaseEvent(manager, input.caseId, `case.action.${input.action}`, {
        actorAccountId: input.actorAccountId,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.stepId ? { stepId: input.stepId } : {}),
      });
    });
  }

  asActivities(): LifecycleActivities {
    return {
      loadWorkingCalendar: (input) => this.loadWorkingCalendar(input),
      recordSla: (input) => this.recordSla(input),
      recordSlaBreach: (input) => this.recordSlaBreach(input),
      escalateTask: (input) => this.escalateTask(input),
      reassignTask: (input) => this.reassignTask(input),
      recordMaterialRequest: (input) => this.recordMaterialRequest(input),
      sendMaterialNotice: (input) => this.sendMaterialNotice(input),
      applyMaterialAnswer: (input) => this.applyMaterialAnswer(input),
      closeOpenSteps: (input) => this.closeOpenSteps(input),
      compensateStep: (input) => this.compensateStep(input),
      recordCaseAction: (input) => this.recordCaseAction(input),
    };
  }

  private async supervisors(department: string): Promise<string[]> {
    const members = await this.dataSource
      .getRepository(AccountDepartmentEntity)
      .findBy({ departmentCode: department });
    if (members.length === 0) return [];
    const accounts = await this.dataSource.getRepository(AccountEntity).findBy({
      id: In(members.map((member) => member.accountId)),
    });
    return accounts
      .filter((account) => account.active && account.roles.includes('department_supervisor'))
      .map((account) => account.id);
  }
}

import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SlaClock } from '@onething/calendar';
import type { StepDecision, StepRef } from '../activity-types';
import type { Actor, TaskWorkflowStatus } from '@onething/case-model';

export interface ManualTaskInput extends StepRef {
  department: string;
  /** The generation of the case that opened it (see `CASE_GENERATION`); absent in older histories. */
  generation?: number;
  // Since TASK_LIFECYCLE (absent in older histories):
  sla?: { workingDays: number };
  escalation?: { to: string; afterWorkingDays: number };
  /** Field ids the step may receive: a request for more material may name only these. */
  contract?: string[];
  leadDepartment?: string;
}

/** Who decides: established by the API from the caller's token, checked again here before history. */
export interface TaskDecisionInput extends StepDecision {
  actor: Actor;
}

export interface MaterialRequestInput {
  actor: Actor;
  /** Contract fields (or attachments) the applicant must provide again. */
  fields: string[];
  /** What is missing and why, shown to the applicant. */
  message: string;
}

export interface ReassignTaskInput {
  actor: Actor;
  toDepartment?: string;
  toAccountId?: string;
  reason: string;
}

export interface TaskState {
  taskId?: string;
  status: TaskWorkflowStatus;
  decision?: StepDecision;
  /** The department that holds the task now (escalation or reassignment may move it). */
  department?: string;
  priority?: 'normal' | 'urgent';
  sla?: SlaClock & { breached: boolean; escalated: boolean };
}

export const decideTaskUpdate = defineUpdate<TaskState, [TaskDecisionInput]>('decide');
export const requestMaterialUpdate = defineUpdate<TaskState, [MaterialRequestInput]>('requestMaterial');
export const reassignTaskUpdate = defineUpdate<TaskState, [ReassignTaskInput]>('reassign');
export const taskStateQuery = defineQuery<TaskState>('taskState');

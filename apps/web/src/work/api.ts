import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';

// The task API as the workbench reads it (apps/api/src/tasks/task.views.ts is the source of truth).

export type TaskStatus = 'open' | 'awaiting_material' | 'approved' | 'rejected' | 'cancelled';
export type SlaState = 'on-time' | 'due-soon' | 'breached' | 'paused' | 'met';
export type Localized = { 'zh-CN': string; en: string };

export interface Holder {
  accountId: string;
  displayName: string | null;
}

export interface SlaView {
  dueDate: string;
  dueAt: string;
  state: SlaState;
  timeLeftMs: number | null;
  pausedAt: string | null;
  breachedAt: string | null;
  escalatedAt: string | null;
}

export interface TaskView {
  id: string;
  caseId: string;
  stepId: string;
  department: string;
  status: TaskStatus;
  data: Record<string, unknown>;
  decisionReason: string | null;
  createdAt: string;
  decidedAt: string | null;
  priority: 'normal' | 'urgent';
  assigneeAccountId: string | null;
  holder: Holder | null;
  claimedAt: string | null;
  escalatedTo: string | null;
  sla: SlaView | null;
}

export interface AttachmentView {
  field: string;
  ref: string;
  name: string;
  contentType: string;
  sizeBytes: number;
}

export interface OutputFormView {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  fields: { id: string; type: string; label: Localized; required: boolean; applicantVisible: boolean }[];
}

export interface CommentView {
  id: string;
  taskId: string;
  author: Holder | null;
  department: string;
  body: string;
  visibleToApplicant: boolean;
  createdAt: string;
}

export interface TaskDetailView extends TaskView {
  attachments: AttachmentView[];
  outputForm: OutputFormView | null;
  outputs: Record<string, unknown> | null;
  recentComments: CommentView[];
}

export interface WorklistPage {
  items: TaskView[];
  nextCursor: string | null;
  total?: number;
  totalAtLeast?: number;
}

export interface WorkbenchView {
  departments: { code: string; name: Localized }[];
  oneThings: { key: string; title: Localized }[];
  people: { accountId: string; displayName: string; departments: string[] }[];
}

export interface BulkResult {
  results: { id: string; ok: boolean; code?: string; message?: string }[];
}

export interface TroubledStep {
  caseId: string;
  stepId: string;
  department: string;
  status: string;
  reason: string | null;
  attempts: { state: string; attempt: number; lastErrorCode: string | null; summary: string } | null;
}

/** The queue's filters, as the URL carries them (and the API's worklist query takes them). */
export interface WorklistFilters {
  status?: TaskStatus;
  sla?: 'breached' | 'due-soon' | 'paused';
  assignee?: 'me' | 'unassigned';
  oneThing?: string;
  priority?: 'normal' | 'urgent';
  /** Calendar days (YYYY-MM-DD) in the user's time zone: from the start of `from` to the end of `to`. */
  submittedFrom?: string;
  submittedTo?: string;
  department?: string;
  sort?: 'due' | 'created';
}

const PAGE_SIZE = 25;

/** A calendar day in the browser's time zone as the instant it starts (ISO 8601 with an offset). */
export function startOfDay(day: string, plusDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays).toISOString();
}

export function worklistQuery(filters: WorklistFilters): Record<string, string | number | undefined> {
  const { submittedFrom, submittedTo, ...rest } = filters;
  return {
    ...rest,
    submittedFrom: submittedFrom ? startOfDay(submittedFrom) : undefined,
    submittedBefore: submittedTo ? startOfDay(submittedTo, 1) : undefined,
    limit: PAGE_SIZE,
  };
}

export const workKeys = {
  all: ['work'] as const,
  worklist: (filters: WorklistFilters) => ['work', 'worklist', filters] as const,
  task: (id: string) => ['work', 'task', id] as const,
  comments: (id: string) => ['work', 'comments', id] as const,
  workbench: ['work', 'workbench'] as const,
  troubled: (department: string | undefined) => ['work', 'troubled', department] as const,
};

/** The worklist in keyset pages: `fetchNextPage` follows `nextCursor`. */
export function useWorklist(filters: WorklistFilters) {
  return useInfiniteQuery({
    queryKey: workKeys.worklist(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api<WorklistPage>('GET', '/tasks', undefined, {
        signal,
        query: { ...worklistQuery(filters), cursor: pageParam },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: workKeys.task(id),
    queryFn: ({ signal }) => api<TaskDetailView>('GET', `/tasks/${id}`, undefined, { signal }),
  });
}

export function useComments(id: string) {
  return useQuery({
    queryKey: workKeys.comments(id),
    queryFn: ({ signal }) =>
      api<{ items: CommentView[] }>('GET', `/tasks/${id}/comments`, undefined, {
        signal,
        query: { limit: 100 },
      }),
  });
}

export function useWorkbench() {
  return useQuery({
    queryKey: workKeys.workbench,
    queryFn: ({ signal }) => api<WorkbenchView>('GET', '/tasks/workbench', undefined, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useTroubledSteps(department: string | undefined) {
  return useQuery({
    queryKey: workKeys.troubled(department),
    queryFn: ({ signal }) =>
      api<{ items: TroubledStep[]; nextCursor: string | null }>('GET', '/admin/steps', undefined, {
        signal,
        query: { state: 'failed', department, limit: 50 },
      }),
  });
}

/** A change to tasks: afterwards every worklist and task view is read again. */
export function useTaskAction<Input, Output>(run: (input: Input) => Promise<Output>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queries.invalidateQueries({ queryKey: workKeys.all }),
  });
}

export const taskActions = {
  claim: (id: string) => api<TaskView>('POST', `/tasks/${id}/claim`),
  release: (id: string) => api<TaskView>('POST', `/tasks/${id}/release`),
  decide: (id: string, body: { decision: 'approved' | 'rejected'; reason?: string; outputs?: unknown }) =>
    api<TaskView>('POST', `/tasks/${id}/decision`, body),
  requestMaterial: (id: string, body: { fields: string[]; message: string }) =>
    api<TaskView>('POST', `/tasks/${id}/material-requests`, body),
  comment: (id: string, body: { body: string; visibleToApplicant: boolean }) =>
    api<CommentView>('POST', `/tasks/${id}/comments`, body),
  reassign: (id: string, body: { toAccountId?: string; toDepartment?: string; reason: string }) =>
    api<TaskView>('POST', `/tasks/${id}/reassign`, body),
  bulkClaim: (ids: string[]) => api<BulkResult>('POST', '/tasks/bulk/claim', { ids }),
  bulkAssign: (ids: string[], toAccountId: string) =>
    api<BulkResult>('POST', '/tasks/bulk/assign', { ids, toAccountId }),
  bulkReassign: (ids: string[], to: { toAccountId?: string; toDepartment?: string; reason: string }) =>
    api<BulkResult>('POST', '/tasks/bulk/reassign', { ids, ...to }),
  retryStep: (caseId: string, stepId: string) =>
    api<{ caseId: string; accepted: true }>('POST', `/cases/${caseId}/steps/${stepId}/retry`),
};

/** The download route that checks the task's contract holds the file (a same-origin link: the cookie goes). */
export function attachmentUrl(taskId: string, ref: string): string {
  return `/tasks/${taskId}/attachments/${sha256Of(ref)}`;
}

/** An attachment reference ends in the file's SHA-256 (`upload:<sha256>` or the bare digest). */
export function sha256Of(ref: string): string {
  const match = /([0-9a-f]{64})$/i.exec(ref);
  return match ? match[1].toLowerCase() : ref;
}

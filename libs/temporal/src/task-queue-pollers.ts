import type { ConnectionLike } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface TaskQueueRef {
  namespace: string;
  taskQueue: string;
}

const { TaskQueueType } = temporal.api.enums.v1;
/** A case task queue serves both kinds of task: a worker polls for each, and each has its own backlog. */
const TASK_TYPES = [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY];

function describeQueue(
  connection: Pick<ConnectionLike, 'workflowService'>,
  queue: TaskQueueRef,
  taskQueueType: (typeof TASK_TYPES)[number],
  reportStats = false,
) {
  return connection.workflowService.describeTaskQueue({
    namespace: queue.namespace,
    taskQueue: { name: queue.taskQueue },
    taskQueueType,
    reportStats,
  });
}

/**
 * Whether a worker polls `queue` for both workflow and activity tasks, seen since `since` (ms epoch);
 * with `identity`, that worker (its `WorkerOptions.identity`) rather than any replica.
 * The server remembers pollers for a few minutes after they stop, so an older one does not count.
 */
export async function workerPolls(
  connection: Pick<ConnectionLike, 'workflowService'>,
  queue: TaskQueueRef,
  since: number,
  identity?: string,
): Promise<boolean> {
  for (const taskQueueType of TASK_TYPES) {
    const { pollers } = await describeQueue(connection, queue, taskQueueType);
    // lastAccessTime has second precision: allow for the truncation.
    const fresh = (pollers ?? []).some(
      (poller) =>
        (identity === undefined || poller.identity === identity) &&
        Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= since - 1000,
    );
    if (!fresh) return false;
  }
  return true;
}

/** What waits on a task queue, as the server's matching service counts it (approximate, a few seconds old). */
export interface TaskQueueBacklog {
  /** Workflow and activity tasks added and not yet handed to a worker. */
  tasks: number;
  /** Tasks handed to workers per second, lately (0 when none were). */
  dispatchedPerSecond: number;
}

export async function taskQueueBacklog(
  connection: Pick<ConnectionLike, 'workflowService'>,
  queue: TaskQueueRef,
): Promise<TaskQueueBacklog> {
  const backlog: TaskQueueBacklog = { tasks: 0, dispatchedPerSecond: 0 };
  for (const taskQueueType of TASK_TYPES) {
    const { stats } = await describeQueue(connection, queue, taskQueueType, true);
    backlog.tasks += Number(stats?.approximateBacklogCount ?? 0);
    backlog.dispatchedPerSecond += stats?.tasksDispatchRate ?? 0;
  }
  return backlog;
}

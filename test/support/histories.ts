import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/**
 * Replay fixtures: `test/replay` replays every file here against today's workflow code, so a change that
 * would break running cases fails. Tests record the shapes they produce when `RECORD_HISTORIES=1`.
 */
export const historyFixtures = join(__dirname, '..', 'fixtures', 'histories');
const { History } = temporal.api.history.v1;

/** A history as plain JSON (64-bit numbers as strings, bytes as base64), loadable by `History.fromObject`. */
export function toHistoryFixture(history: temporal.api.history.v1.IHistory): unknown {
  return History.toObject(History.fromObject(history), {
    longs: String,
    bytes: String,
    enums: String,
    defaults: false,
  });
}

export const recordingHistories = () => process.env.RECORD_HISTORIES === '1';

/**
 * Writes the workflows' histories as fixtures `<name>.json`, when recording was asked for: a workflow id
 * (its latest run), or one run of it.
 */
export async function recordHistories(
  client: Client,
  workflows: Record<string, string | { workflowId: string; runId: string }>,
): Promise<void> {
  if (!recordingHistories()) return;
  mkdirSync(historyFixtures, { recursive: true });
  for (const [name, which] of Object.entries(workflows)) {
    const { workflowId, runId } = typeof which === 'string' ? { workflowId: which, runId: undefined } : which;
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    writeFileSync(
      join(historyFixtures, `${name}.json`),
      JSON.stringify(toHistoryFixture(history), null, 1) + '\n',
    );
  }
}

/** A local activity as its marker records it (case workflow generation 2). */
export interface LocalActivityRun {
  type: string;
  attempt: number;
  failure?: temporal.api.failure.v1.IFailure;
}

/**
 * The local activities of a history, from their markers: the `data` detail is the SDK's own JSON (type,
 * attempt), never a payload of the project's; the failure, if any, sits beside it.
 */
export function localActivitiesIn(history: temporal.api.history.v1.IHistory): LocalActivityRun[] {
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_local_activity' && marker.details?.data?.payloads?.[0]?.data;
    if (!data) return [];
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as {
      activity_type: string;
      attempt: number;
    };
    return [
      {
        type: parsed.activity_type,
        attempt: parsed.attempt,
        ...(marker.failure ? { failure: marker.failure } : {}),
      },
    ];
  });
}

/** The activity types a history ran, in history order: normal activities and local ones alike. */
export function activityTypesIn(history: temporal.api.history.v1.IHistory): string[] {
  const local = localActivitiesIn(history);
  let next = 0;
  return (history.events ?? []).flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) return [scheduled];
    return event.markerRecordedEventAttributes?.markerName === 'core_local_activity'
      ? [local[next++].type]
      : [];
  });
}

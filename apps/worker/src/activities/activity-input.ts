import type { CaseActivities } from '@onething/workflows';

/** The input of one activity, exactly as the workflow sends it. */
export type ActivityInput<K extends keyof CaseActivities> = Parameters<CaseActivities[K]>[0];

/** The activities of one subject, as plain functions Temporal registers. */
export interface ActivityGroup<K extends keyof CaseActivities> {
  asActivities(): Pick<CaseActivities, K>;
}

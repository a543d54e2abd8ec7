import { z } from 'zod';
import { CASE_STATUSES } from '@onething/case-model';
import { integerParam } from '@onething/text';

// The operations view's aggregates (`/admin/operations/*`): counts, ids, department codes and dates only.

/** The most overdue steps the overview lists (the rest are counted). */
export const BREACHED_STEPS_LISTED = 50;

export const trendsQuerySchema = z.strictObject({
  /** How many days back, today included (in the case time zone). */
  days: integerParam({ min: 1, max: 90 }).default(14),
});
export type TrendsQuery = z.infer<typeof trendsQuerySchema>;

const isoTime = z.iso.datetime({ offset: true });
const departmentCount = z.object({ department: z.string(), count: z.number().int() });

export const operationsOverviewResponseSchema = z
  .object({
    cases: z.array(
      z.object({ definitionKey: z.string(), status: z.enum(CASE_STATUSES), count: z.number().int() }),
    ),
    failedSteps: z.object({ total: z.number().int(), byDepartment: z.array(departmentCount) }),
    slaBreaches: z.object({
      total: z.number().int(),
      byDepartment: z.array(departmentCount),
      /** The longest overdue first, at most `BREACHED_STEPS_LISTED`. */
      steps: z.array(
        z.object({
          caseId: z.uuid(),
          stepId: z.string(),
          department: z.string(),
          definitionKey: z.string(),
          dueDate: z.iso.date().nullable(),
          breachedAt: isoTime,
        }),
      ),
    }),
    /** Where a case's workflow can be opened (`TEMPORAL_WEB_UI_URL`); null when not configured. */
    temporalWebUi: z.object({ baseUrl: z.string(), namespace: z.string() }).nullable(),
  })
  .meta({ id: 'OperationsOverview' });
export type OperationsOverview = z.infer<typeof operationsOverviewResponseSchema>;

export const operationsTrendsResponseSchema = z
  .object({
    timeZone: z.string(),
    /** Every day of the window, oldest first (`yyyy-MM-dd`). */
    days: z.array(z.iso.date()),
    departments: z.array(
      z.object({
        department: z.string(),
        /** One point per day of `days`, in the same order. */
        points: z.array(
          z.object({
            day: z.iso.date(),
            backlog: z.number().int(),
            completed: z.number().int(),
            meanCycleHours: z.number().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'OperationsTrends' });
export type OperationsTrends = z.infer<typeof operationsTrendsResponseSchema>;

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { CASE_TIME_ZONE, caseToday } from '@onething/definition';
import { OperationsRepository, type DepartmentCountRow, type DepartmentDayRow } from '@onething/persistence';
import {
  BREACHED_STEPS_LISTED,
  type OperationsOverview,
  type OperationsTrends,
  type TrendsQuery,
} from './operations.dto';

const DAY_MS = 86_400_000;

/** What operators watch: cases by status, failed and overdue steps, departments' backlog over time. */
@Injectable()
export class OperationsService {
  private readonly repository: OperationsRepository;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.repository = new OperationsRepository(dataSource.manager);
  }

  async overview(): Promise<OperationsOverview> {
    const [cases, failed, breached, breachedSteps] = await Promise.all([
      this.repository.casesByDefinitionAndStatus(),
      this.repository.failedStepsByDepartment(),
      this.repository.breachedStepsByDepartment(),
      this.repository.breachedSteps(BREACHED_STEPS_LISTED),
    ]);
    const { webUiUrl, namespace } = this.config.temporal;
    return {
      cases,
      failedSteps: { total: sum(failed), byDepartment: failed },
      slaBreaches: {
        total: sum(breached),
        byDepartment: breached,
        steps: breachedSteps.map((step) => ({ ...step, breachedAt: step.breachedAt.toISOString() })),
      },
      temporalWebUi: webUiUrl ? { baseUrl: webUiUrl, namespace } : null,
    };
  }

  async trends(query: TrendsQuery): Promise<OperationsTrends> {
    const rows = await this.repository.departmentDays(query.days, CASE_TIME_ZONE);
    const days = lastDays(query.days, Date.now());
    const byDepartment = new Map<string, Map<string, DepartmentDayRow>>();
    for (const row of rows) {
      const perDay = byDepartment.get(row.department) ?? new Map<string, DepartmentDayRow>();
      perDay.set(row.day, row);
      byDepartment.set(row.department, perDay);
    }
    return {
      timeZone: CASE_TIME_ZONE,
      days,
      departments: [...byDepartment].map(([department, perDay]) => ({
        department,
        // A day the database has no row for had nothing open and nothing settled.
        points: days.map((day) => {
          const row = perDay.get(day);
          return {
            day,
            backlog: row?.backlog ?? 0,
            completed: row?.completed ?? 0,
            meanCycleHours: row?.meanCycleSeconds == null ? null : row.meanCycleSeconds / 3600,
          };
        }),
      })),
    };
  }
}

function sum(rows: DepartmentCountRow[]): number {
  return rows.reduce((total, row) => total + row.count, 0);
}

/** The last `count` calendar days in the case time zone, oldest first, today last. */
function lastDays(count: number, nowMs: number): string[] {
  return Array.from({ length: count }, (_, index) => caseToday(nowMs - (count - 1 - index) * DAY_MS));
}

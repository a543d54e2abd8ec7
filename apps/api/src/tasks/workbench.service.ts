import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DepartmentRepository, worklistDepartments, type Principal } from '@onething/auth';
import { DefinitionStore, type PublishedDefinition } from '@onething/definition-store';
import { ReadModel } from '@onething/persistence';

/** How many one-things in force the workbench reads (pages of the definition store). */
const ONE_THINGS_PAGE = 100;
const ONE_THINGS_MAX = 1000;

/** What the workbench screens offer: the caller's departments, their one-things and their people. */
export interface WorkbenchView {
  departments: { code: string; name: { 'zh-CN': string; en: string } }[];
  /** One-things in force with a step of one of the caller's departments: the worklist's filter. */
  oneThings: { key: string; title: { 'zh-CN': string; en: string } }[];
  /** Active workers and supervisors of those departments: whom a task can be assigned to. */
  people: { accountId: string; displayName: string; departments: string[] }[];
}

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });
export const WorkbenchResponseSchema = z.object({
  departments: z.array(z.object({ code: z.string(), name: localized })),
  oneThings: z.array(z.object({ key: z.string(), title: localized })),
  people: z.array(
    z.object({ accountId: z.uuid(), displayName: z.string(), departments: z.array(z.string()) }),
  ),
});

@Injectable()
export class WorkbenchService {
  private readonly store: DefinitionStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly readModel: ReadModel,
  ) {
    this.store = new DefinitionStore(dataSource);
  }

  async view(caller: Principal): Promise<WorkbenchView> {
    const codes = worklistDepartments(caller);
    const [names, published, people] = await Promise.all([
      new DepartmentRepository(this.dataSource.manager).names(),
      this.inForce(),
      this.readModel.staff.worklistPeopleOf(codes),
    ]);
    return {
      departments: names
        .filter((department) => codes.includes(department.code))
        .map((department) => ({
          code: department.code,
          name: { 'zh-CN': department.nameZh, en: department.nameEn },
        })),
      oneThings: published
        .filter(({ definition }) => definition.steps.some((step) => codes.includes(step.department)))
        .map(({ key, definition }) => ({ key, title: definition.title })),
      people,
    };
  }

  /** Every one-thing in force (a catalog is small; the bound keeps a runaway one from costing more). */
  private async inForce(): Promise<PublishedDefinition[]> {
    const all: PublishedDefinition[] = [];
    let after: string | undefined;
    do {
      const page = await this.store.inForce({ after, limit: ONE_THINGS_PAGE });
      all.push(...page.items);
      after = page.lastKey?.[0];
    } while (after !== undefined && all.length < ONE_THINGS_MAX);
    return all;
  }
}

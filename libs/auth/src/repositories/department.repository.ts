import { In, type EntityManager } from 'typeorm';
import { DepartmentEntity, keysetPage, type KeysetRequest, type KeysetResult } from '@onething/persistence';

export type DepartmentRow = Pick<DepartmentEntity, 'code' | 'nameZh' | 'nameEn'> & { active?: boolean };

/** The departments (their codes are what steps, tasks and memberships name). */
export class DepartmentRepository {
  constructor(private readonly manager: EntityManager) {}

  private get departments() {
    return this.manager.getRepository(DepartmentEntity);
  }

  /** By code (unique). */
  list(page: KeysetRequest): Promise<KeysetResult<DepartmentEntity>> {
    return keysetPage(this.departments.createQueryBuilder('d'), [{ sql: 'd.code', direction: 'ASC' }], page);
  }

  /** Every department's names, to show applicants who does what. */
  names(): Promise<Pick<DepartmentEntity, 'code' | 'nameZh' | 'nameEn'>[]> {
    return this.departments.find({ select: { code: true, nameZh: true, nameEn: true } });
  }

  findByCode(code: string): Promise<DepartmentEntity> {
    return this.departments.findOneByOrFail({ code });
  }

  exists(code: string): Promise<boolean> {
    return this.departments.existsBy({ code });
  }

  /** Which of `codes` exist, active or not. */
  async existingCodes(codes: readonly string[]): Promise<Set<string>> {
    const rows = await this.departments.findBy({ code: In([...codes]) });
    return new Set(rows.map((d) => d.code));
  }

  async allActiveCodes(): Promise<string[]> {
    const rows = await this.departments.find({
      where: { active: true },
      select: { code: true },
      order: { code: 'ASC' },
    });
    return rows.map((d) => d.code);
  }

  /** Which of `codes` are active, sorted. */
  async activeCodes(codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await this.departments.find({
      where: { code: In([...codes]), active: true },
      order: { code: 'ASC' },
    });
    return rows.map((d) => d.code);
  }

  async insert(row: DepartmentRow): Promise<void> {
    await this.departments.insert(row);
  }

  /** Inserts the ones not there yet; existing departments (maybe renamed by an administrator) stay. */
  async insertMissing(rows: readonly DepartmentRow[]): Promise<void> {
    await this.departments
      .createQueryBuilder()
      .insert()
      .values([...rows])
      .orIgnore()
      .execute();
  }

  /** Whether the department exists (and so was changed). */
  async update(code: string, change: Partial<Omit<DepartmentRow, 'code'>>): Promise<boolean> {
    const result = await this.departments.update({ code }, change);
    return Boolean(result.affected);
  }
}

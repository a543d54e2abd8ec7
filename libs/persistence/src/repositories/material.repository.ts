import { In, IsNull, type EntityManager } from 'typeorm';
import {
  MaterialAnswerEntity,
  MaterialNoticeEntity,
  MaterialRequestEntity,
} from '../entities/material.entities';

export type NewMaterialRequest = Pick<
  MaterialRequestEntity,
  'caseId' | 'stepId' | 'department' | 'fields' | 'message' | 'requestedBy' | 'requestKey'
>;

/**
 * More material (一次告知): departments' requests, the one notice that gathers them, and the applicant's
 * answer. Writes are keyed by ids the workflow chose, so a retried activity finds what it wrote.
 */
export class MaterialRepository {
  constructor(private readonly manager: EntityManager) {}

  private get notices() {
    return this.manager.getRepository(MaterialNoticeEntity);
  }

  private get requests() {
    return this.manager.getRepository(MaterialRequestEntity);
  }

  private get answers() {
    return this.manager.getRepository(MaterialAnswerEntity);
  }

  /** False when a request with this key is already stored. */
  async recordRequest(request: NewMaterialRequest): Promise<boolean> {
    const inserted = await this.requests
      .createQueryBuilder()
      .insert()
      .values(request)
      .orIgnore()
      .returning('id')
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  /**
   * Opens the notice and gathers into it the named steps' requests that no notice holds yet; false (and
   * nothing changed) when the notice already exists.
   */
  async openNotice(notice: { noticeId: string; caseId: string; stepIds: string[] }): Promise<boolean> {
    const inserted = await this.notices
      .createQueryBuilder()
      .insert()
      .values({ id: notice.noticeId, caseId: notice.caseId, status: 'open' })
      .orIgnore()
      .returning('id')
      .execute();
    if ((inserted.raw as unknown[]).length === 0) return false;
    await this.requests.update(
      { caseId: notice.caseId, stepId: In(notice.stepIds), noticeId: IsNull(), answeredAt: IsNull() },
      { noticeId: notice.noticeId },
    );
    return true;
  }

  findNotice(caseId: string, noticeId: string): Promise<MaterialNoticeEntity | null> {
    return this.notices.findOneBy({ id: noticeId, caseId });
  }

  getNotice(noticeId: string): Promise<MaterialNoticeEntity> {
    return this.notices.findOneByOrFail({ id: noticeId });
  }

  /** The case's notices, oldest first. */
  noticesOf(caseId: string): Promise<MaterialNoticeEntity[]> {
    return this.notices.find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  async openNoticeIds(caseId: string): Promise<string[]> {
    const open = await this.notices.find({
      select: { id: true },
      where: { caseId, status: 'open' },
      order: { createdAt: 'ASC' },
    });
    return open.map((notice) => notice.id);
  }

  requestsOf(noticeId: string): Promise<MaterialRequestEntity[]> {
    return this.requests.findBy({ noticeId });
  }

  /** The requests the notices gathered, oldest first. */
  requestsOfNotices(caseId: string, noticeIds: string[]): Promise<MaterialRequestEntity[]> {
    return this.requests.find({
      where: { caseId, noticeId: In(noticeIds) },
      order: { requestedAt: 'ASC' },
    });
  }

  /** Every request of the notice is answered, and the notice with them. */
  async markNoticeAnswered(noticeId: string): Promise<void> {
    await this.requests.update({ noticeId }, { answeredAt: () => 'now()' });
    await this.notices.update({ id: noticeId }, { status: 'answered', answeredAt: () => 'now()' });
  }

  /** The case ended: its open notices no longer wait for an answer. */
  async closeOpenNotices(caseId: string): Promise<void> {
    await this.notices.update({ caseId, status: 'open' }, { status: 'closed' });
  }

  /** Stored before the case workflow hears of it; the workflow's activity applies it. */
  savePendingAnswer(answer: Pick<MaterialAnswerEntity, 'noticeId' | 'caseId' | 'values' | 'submittedBy'>) {
    return this.answers.save({ ...answer, status: 'pending' as const });
  }

  /** The answer, locked until the transaction ends (call inside one). */
  lockAnswer(noticeId: string, answerId: string): Promise<MaterialAnswerEntity | null> {
    return this.answers.findOne({
      where: { id: answerId, noticeId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async markAnswer(answerId: string, status: 'applied' | 'refused'): Promise<void> {
    await this.answers.update({ id: answerId }, { status });
  }
}

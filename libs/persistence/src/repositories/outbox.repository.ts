import { IsNull, type EntityManager } from 'typeorm';
import { OutboxEventEntity } from '../entities/outbox-event.entity';

/** An event to write next to the state change it describes: ids, codes and actors, never personal data. */
export interface NewOutboxEvent {
  aggregateType: string;
  aggregateId: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * The outbox: events written in the caller's transaction, delivered at least once afterwards. A
 * delivered event is marked dispatched once; the relay claims the rest a batch at a time.
 */
export class OutboxRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(OutboxEventEntity);
  }

  append(event: NewOutboxEvent): Promise<OutboxEventEntity> {
    return this.rows.save(event);
  }

  /** An event on the case (its id added to the payload). */
  async appendCaseEvent(caseId: string, type: string, payload: Record<string, unknown>): Promise<void> {
    await this.rows.insert({
      aggregateType: 'case',
      aggregateId: caseId,
      type,
      payload: { caseId, ...payload },
    });
  }

  /** False when it was already marked (another dispatcher got there first). */
  async markDispatched(id: string): Promise<boolean> {
    const result = await this.rows.update({ id, dispatchedAt: IsNull() }, { dispatchedAt: () => 'now()' });
    return result.affected === 1;
  }

  async countFailedDispatch(id: string): Promise<void> {
    await this.rows.increment({ id }, 'dispatchAttempts', 1);
  }

  /** When the oldest undelivered event of `type` was written (null: none waits); read from the pending index. */
  async oldestUndispatchedAt(type: string): Promise<Date | null> {
    const oldest = await this.rows.findOne({
      where: { type, dispatchedAt: IsNull() },
      order: { createdAt: 'ASC' },
      select: { createdAt: true },
    });
    return oldest?.createdAt ?? null;
  }

  /**
   * Undispatched events of `type` older than `olderThanMs`, oldest first, locked for this transaction;
   * rows another relay holds are skipped. Call inside a transaction.
   */
  claimUndispatched(type: string, olderThanMs: number, limit: number): Promise<OutboxEventEntity[]> {
    return this.rows
      .createQueryBuilder('e')
      .where('e.type = :type AND e.dispatched_at IS NULL', { type })
      .andWhere(`e.created_at < now() - make_interval(secs => :secs)`, { secs: olderThanMs / 1000 })
      .orderBy('e.id')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }
}

import { In, IsNull, type EntityManager } from 'typeorm';
import { OutboxEventEntity } from '../entities/outbox-event.entity';

/** Where outbox events go: the webhook subscriptions (deliveries written) and the broker. */
export type EventSinkName = 'webhooks' | 'broker';
const SINK_COLUMNS = { webhooks: 'publishedAt', broker: 'brokeredAt' } as const;

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
  /** Appends one case event; answers its id (for a caller that dispatches it after the commit). */
  async appendCaseEvent(caseId: string, type: string, payload: Record<string, unknown>): Promise<string> {
    const inserted = await this.rows.insert({
      aggregateType: 'case',
      aggregateId: caseId,
      type,
      payload: { caseId, ...payload },
    });
    return String((inserted.identifiers[0] as { id: string | number }).id);
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

  /**
   * Takes `sink`'s publishing turn for this transaction, or answers false when another process holds
   * it. Each sink publishes one batch at a time across replicas, so events leave in write order.
   */
  async takePublishingTurn(sink: EventSinkName): Promise<boolean> {
    const [row]: { taken: boolean }[] = await this.manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtext('onething:outbox-publishing:' || $1)) AS taken`,
      [sink],
    );
    return row.taken;
  }

  /**
   * The oldest events `sink` has not taken yet, in write order. Not locked: the publishing turn already
   * excludes other publishers, and skipping a row the case relay holds would reorder a case.
   */
  unpublished(sink: EventSinkName, limit: number): Promise<OutboxEventEntity[]> {
    return this.rows.find({ where: { [SINK_COLUMNS[sink]]: IsNull() }, order: { id: 'ASC' }, take: limit });
  }

  async markPublished(sink: EventSinkName, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.rows.update({ id: In([...ids]) }, { [SINK_COLUMNS[sink]]: () => 'now()' });
  }

  find(id: string): Promise<OutboxEventEntity | null> {
    return this.rows.findOneBy({ id });
  }

  findMany(ids: readonly string[]): Promise<OutboxEventEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.rows.findBy({ id: In([...ids]) });
  }
}

import type { EntityManager } from 'typeorm';
import {
  keysetPage,
  SecurityEventEntity,
  type KeysetRequest,
  type KeysetResult,
  type SecurityEventType,
} from '@onething/persistence';

export interface SecurityEvent {
  type: SecurityEventType;
  accountId?: string | null;
  actorId?: string | null;
  departmentCode?: string | null;
  address?: string | null;
  /** Never a password, token or secret. */
  details?: Record<string, unknown>;
}

export interface SecurityEventQuery {
  accountId?: string;
  type?: SecurityEventType;
}

/** The security log: append-only (the table refuses updates and deletes), read newest first. */
export class SecurityEventRepository {
  constructor(private readonly manager: EntityManager) {}

  private get events() {
    return this.manager.getRepository(SecurityEventEntity);
  }

  async append(event: SecurityEvent): Promise<void> {
    await this.events.save(
      this.events.create({
        type: event.type,
        accountId: event.accountId ?? null,
        actorId: event.actorId ?? null,
        departmentCode: event.departmentCode ?? null,
        address: event.address ?? null,
        details: event.details ?? {},
      }),
    );
  }

  /** Newest first (the id is the append order). */
  newest(query: SecurityEventQuery, page: KeysetRequest): Promise<KeysetResult<SecurityEventEntity>> {
    const rows = this.events.createQueryBuilder('e').where('TRUE');
    if (query.accountId) rows.andWhere('e.account_id = :accountId', { accountId: query.accountId });
    if (query.type) rows.andWhere('e.type = :type', { type: query.type });
    return keysetPage(rows, [{ sql: 'e.id', direction: 'DESC' }], page);
  }
}

import type { EntityManager } from 'typeorm';
import { SecurityEventEntity, type SecurityEventType } from '@onething/persistence';

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
  limit: number;
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

  newest(query: SecurityEventQuery): Promise<SecurityEventEntity[]> {
    return this.events.find({
      where: {
        ...(query.accountId ? { accountId: query.accountId } : {}),
        ...(query.type ? { type: query.type } : {}),
      },
      order: { id: 'DESC' },
      take: query.limit,
    });
  }
}

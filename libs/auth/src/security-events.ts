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

/** Appends to the security log (the table refuses updates and deletes). */
export async function recordSecurityEvent(manager: EntityManager, event: SecurityEvent): Promise<void> {
  const repository = manager.getRepository(SecurityEventEntity);
  await repository.save(
    repository.create({
      type: event.type,
      accountId: event.accountId ?? null,
      actorId: event.actorId ?? null,
      departmentCode: event.departmentCode ?? null,
      address: event.address ?? null,
      details: event.details ?? {},
    }),
  );
}

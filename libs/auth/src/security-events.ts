import type { EntityManager } from 'typeorm';
import { SecurityEventRepository, type SecurityEvent } from './repositories/security-event.repository';

export type { SecurityEvent };

/** Appends to the security log, in the caller's transaction. */
export async function recordSecurityEvent(manager: EntityManager, event: SecurityEvent): Promise<void> {
  await new SecurityEventRepository(manager).append(event);
}

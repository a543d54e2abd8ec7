import type { EntityManager } from 'typeorm';
import { OutboxEventEntity } from '@onething/persistence';

/**
 * Records an event on the case in the caller's transaction, next to the change it describes. Payloads
 * hold ids, codes and actors, never personal data.
 */
export async function recordCaseEvent(
  manager: EntityManager,
  caseId: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await manager.getRepository(OutboxEventEntity).insert({
    aggregateType: 'case',
    aggregateId: caseId,
    type,
    payload: { caseId, ...payload },
  });
}

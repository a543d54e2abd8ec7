import { Injectable } from '@nestjs/common';
import { ReadModel } from '@onething/persistence';
import type { AccessRecord, AccessRecorder } from '@onething/uploads';

/**
 * The default "record access": an outbox event per read of a document (who, which fields, why; ids and
 * field names only, no personal data), delivered with the case's other events. The hash-chained access
 * trail replaces this adapter by providing its own `ACCESS_RECORDER`.
 */
@Injectable()
export class OutboxAccessRecorder implements AccessRecorder {
  constructor(private readonly readModel: ReadModel) {}

  async record(access: AccessRecord): Promise<void> {
    await this.readModel.outbox.append({
      aggregateType: access.caseId ? 'case' : 'account',
      aggregateId: access.caseId ?? access.actor.id,
      type: 'personal-data.accessed',
      payload: {
        caseId: access.caseId,
        actor: {
          ...access.actor,
          roles: [...access.actor.roles],
          departments: [...access.actor.departments],
        },
        fields: [...access.fields],
        purpose: access.purpose,
      },
    });
  }
}

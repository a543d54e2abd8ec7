import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

export interface PendingSubject {
  caseId: string;
  taskId?: string;
}

/**
 * The workflow accepted an action (its validator passed, it is in the case's history) but did not
 * finish it within WORKFLOW_UPDATE_TIMEOUT_MS. Thrown rather than returned so that every service keeps
 * one return type; `ActionPendingFilter` answers it with 202.
 */
export class ActionPending extends Error {
  constructor(readonly subject: PendingSubject) {
    super('The action was accepted and is still being applied');
    this.name = 'ActionPending';
  }
}

/** 202 `{accepted, pending, caseId, taskId?}`, and `Location` says where the outcome will show. */
@Catch(ActionPending)
export class ActionPendingFilter implements ExceptionFilter<ActionPending> {
  catch(pending: ActionPending, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const location = `/cases/${pending.subject.caseId}`;
    response
      .status(HttpStatus.ACCEPTED)
      .setHeader('Location', location)
      .json({
        accepted: true,
        pending: true,
        ...pending.subject,
        message: `${pending.message}; GET ${location} shows its outcome`,
      });
  }
}

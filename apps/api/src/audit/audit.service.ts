import { Injectable } from '@nestjs/common';
import { AccessTrail, type ChainVerdict } from '@onething/audit';
import type { Principal } from '@onething/auth';
import { ApiError, ApiErrorCode } from '@onething/http';
import { ReadModel } from '@onething/persistence';
import {
  AccessLogQuery,
  AccessLogResponse,
  AuditListResponse,
  AuditQuery,
  toAccessLogEntry,
  toAuditRecord,
} from './audit.dto';
import { accessLogCursor, auditTrailCursor } from './trail-cursor';

/** Reading the access trail: auditors query and verify it; applicants see the accesses to their cases. */
@Injectable()
export class AuditService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly trail: AccessTrail,
  ) {}

  async search(query: AuditQuery): Promise<AuditListResponse> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw new ApiError(ApiErrorCode.ValidationFailed, 'to: after from', 'to');
    const { items, nextCursor } = await auditTrailCursor.fetch(query, ({ after, limit }) =>
      this.readModel.accessTrail.search({
        caseId: query.caseId,
        actorId: query.actor,
        from,
        to,
        beforeSeq: positionOf(after),
        limit,
      }),
    );
    return { items: items.map(toAuditRecord), nextCursor };
  }

  verify(): Promise<ChainVerdict> {
    return this.trail.verify();
  }

  /** The caller's own cases only; their own reads are left out (they know them). */
  async accessLog(caller: Principal, query: AccessLogQuery): Promise<AccessLogResponse> {
    if (caller.accountId === null) return { items: [], nextCursor: null };
    const accountId = caller.accountId;
    const { items, nextCursor } = await accessLogCursor.fetch(query, ({ after, limit }) =>
      this.readModel.accessTrail.forApplicant(accountId, {
        caseId: query.caseId,
        beforeSeq: positionOf(after),
        limit,
      }),
    );
    return { items: items.map(toAccessLogEntry), nextCursor };
  }
}

/** A trail cursor's key is the last record's position (newest first: the page continues before it). */
function positionOf(after: string[] | undefined): number | undefined {
  return after === undefined ? undefined : Number(after[0]);
}

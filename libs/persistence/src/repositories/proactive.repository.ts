import type { EntityManager } from 'typeorm';
import { keysetRawPage, type KeysetColumn, type KeysetResult } from './keyset';

/**
 * What became of an inbound event: `started` (a case awaits the person's confirmation), `ineligible` (a
 * trigger matched but its eligibility was false or not evaluable), `no-applicant` (eligible, but it names
 * no person with an account), `no-trigger` (no published definition listens to its type), `duplicate`
 * (its id was received before: it started nothing).
 */
export const INBOUND_EVENT_OUTCOMES = [
  'started',
  'ineligible',
  'no-applicant',
  'no-trigger',
  'duplicate',
] as const;
export type InboundEventOutcome = (typeof INBOUND_EVENT_OUTCOMES)[number];

/** Per definition whose trigger matched: what the event did there (ids only). */
export interface InboundEventCase {
  definitionKey: string;
  definitionVersion: number;
  outcome: Exclude<InboundEventOutcome, 'duplicate' | 'no-trigger'>;
  caseId?: string;
}

export interface InboundSourceRow {
  code: string;
  departmentCode: string;
  secretSealed: string;
  createdAt: Date;
  rotatedAt: Date | null;
}

export interface InboundEventRow {
  id: string;
  sourceCode: string;
  eventId: string;
  eventType: string;
  outcome: InboundEventOutcome;
  duplicateOf: string | null;
  cases: InboundEventCase[];
  receivedAt: Date;
}

export interface ProactiveOfferRow {
  caseId: string;
  inboundEventId: string;
  prefilled: string[];
  confirmBy: Date;
  settledAt: Date | null;
}

export interface PledgeRow {
  caseId: string;
  stepId: string;
  text: { 'zh-CN': string; en: string };
  signedByAccountId: string;
  signedAt: Date;
  revokedAt: Date | null;
}

/** Newest first; the id breaks ties (index `inbound_events_keyset`). */
export const INBOUND_EVENT_ORDER: KeysetColumn[] = [
  { sql: 'e.received_at', direction: 'DESC' },
  { sql: 'e.id', direction: 'DESC' },
];

type Raw = Record<string, unknown>;

/** Inbound sources and events, proactive offers and pledges (免申即享, 承诺办). */
export class ProactiveRepository {
  constructor(private readonly manager: EntityManager) {}

  async insertSource(row: { code: string; departmentCode: string; secretSealed: string }): Promise<boolean> {
    const inserted: Raw[] = await this.manager.query(
      `INSERT INTO inbound_sources (code, department_code, secret_sealed) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [row.code, row.departmentCode, row.secretSealed],
    );
    return inserted.length === 1;
  }

  /** A new secret replaces the old one at once; false when there is no such source. */
  async rotateSourceSecret(code: string, secretSealed: string): Promise<boolean> {
    const [, affected] = await this.manager.query<[unknown, number]>(
      `UPDATE inbound_sources SET secret_sealed = $2, rotated_at = now() WHERE code = $1 AND revoked_at IS NULL`,
      [code, secretSealed],
    );
    return affected === 1;
  }

  async findActiveSource(code: string): Promise<InboundSourceRow | undefined> {
    const rows: Raw[] = await this.manager.query(
      `SELECT code, department_code, secret_sealed, created_at, rotated_at FROM inbound_sources
       WHERE code = $1 AND revoked_at IS NULL`,
      [code],
    );
    return rows[0] && toSource(rows[0]);
  }

  async listSources(): Promise<InboundSourceRow[]> {
    const rows: Raw[] = await this.manager.query(
      `SELECT code, department_code, secret_sealed, created_at, rotated_at FROM inbound_sources
       WHERE revoked_at IS NULL ORDER BY code LIMIT 1000`,
    );
    return rows.map(toSource);
  }

  /**
   * Claims the event's first delivery (source and event id); when it was received before, records this
   * delivery as a duplicate of it and returns the first. Call inside the transaction that acts on it.
   */
  async claimEvent(event: {
    id: string;
    sourceCode: string;
    eventId: string;
    eventType: string;
  }): Promise<{ claimed: true } | { claimed: false; first: InboundEventRow }> {
    const claimed: Raw[] = await this.manager.query(
      `INSERT INTO inbound_events (id, source_code, event_id, event_type, outcome) VALUES ($1, $2, $3, $4, 'no-trigger')
       ON CONFLICT (source_code, event_id) WHERE duplicate_of IS NULL DO NOTHING RETURNING id`,
      [event.id, event.sourceCode, event.eventId, event.eventType],
    );
    if (claimed.length === 1) return { claimed: true };
    const [first] = await this.manager.query<Raw[]>(
      `SELECT * FROM inbound_events WHERE source_code = $1 AND event_id = $2 AND duplicate_of IS NULL`,
      [event.sourceCode, event.eventId],
    );
    await this.manager.query(
      `INSERT INTO inbound_events (id, source_code, event_id, event_type, outcome, duplicate_of)
       VALUES ($1, $2, $3, $4, 'duplicate', $5)`,
      [event.id, event.sourceCode, event.eventId, event.eventType, first['id']],
    );
    return { claimed: false, first: toEvent(first) };
  }

  async recordOutcome(id: string, outcome: InboundEventOutcome, cases: InboundEventCase[]): Promise<void> {
    await this.manager.query(`UPDATE inbound_events SET outcome = $2, cases = $3::jsonb WHERE id = $1`, [
      id,
      outcome,
      JSON.stringify(cases),
    ]);
  }

  async findEvent(id: string): Promise<InboundEventRow | undefined> {
    const rows: Raw[] = await this.manager.query(`SELECT * FROM inbound_events WHERE id = $1`, [id]);
    return rows[0] && toEvent(rows[0]);
  }

  /** Administrators' view: newest first, optionally of one outcome, with the total. */
  async listEvents(filter: {
    outcome?: InboundEventOutcome;
    after?: string[];
    limit: number;
  }): Promise<KeysetResult<InboundEventRow>> {
    const query = this.manager.createQueryBuilder().select('e.*').from('inbound_events', 'e');
    if (filter.outcome) query.where('e.outcome = :outcome', { outcome: filter.outcome });
    // A raw table (no entity): counted by hand, as getCount() needs entity metadata.
    const [{ total }] = await this.manager.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM inbound_events ${filter.outcome ? 'WHERE outcome = $1' : ''}`,
      filter.outcome ? [filter.outcome] : [],
    );
    const page = await keysetRawPage<Raw>(query, INBOUND_EVENT_ORDER, filter);
    return { items: page.items.map(toEvent), lastKey: page.lastKey, total };
  }

  /** The active applicant account a proactive event names by its username; undefined when none. */
  async activeApplicantByUsername(username: string): Promise<string | undefined> {
    const rows: Raw[] = await this.manager.query(
      `SELECT id FROM accounts WHERE username = $1 AND active AND 'applicant' = ANY(roles)`,
      [username],
    );
    return rows[0]?.['id'] as string | undefined;
  }

  async insertOffer(row: Omit<ProactiveOfferRow, 'settledAt'>): Promise<void> {
    await this.manager.query(
      `INSERT INTO proactive_offers (case_id, inbound_event_id, prefilled, confirm_by) VALUES ($1, $2, $3, $4)`,
      [row.caseId, row.inboundEventId, row.prefilled, row.confirmBy],
    );
  }

  async findOffer(caseId: string): Promise<ProactiveOfferRow | undefined> {
    const rows: Raw[] = await this.manager.query(`SELECT * FROM proactive_offers WHERE case_id = $1`, [
      caseId,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      caseId: row['case_id'] as string,
      inboundEventId: row['inbound_event_id'] as string,
      prefilled: row['prefilled'] as string[],
      confirmBy: row['confirm_by'] as Date,
      settledAt: (row['settled_at'] as Date | null) ?? null,
    };
  }

  async settleOffer(caseId: string): Promise<void> {
    await this.manager.query(
      `UPDATE proactive_offers SET settled_at = now() WHERE case_id = $1 AND settled_at IS NULL`,
      [caseId],
    );
  }

  async insertPledges(rows: Omit<PledgeRow, 'revokedAt'>[]): Promise<void> {
    for (const row of rows) {
      await this.manager.query(
        `INSERT INTO case_pledges (case_id, step_id, text, signed_by_account_id, signed_at)
         VALUES ($1, $2, $3::jsonb, $4, $5)`,
        [row.caseId, row.stepId, JSON.stringify(row.text), row.signedByAccountId, row.signedAt],
      );
    }
  }

  async pledges(caseId: string): Promise<PledgeRow[]> {
    const rows: Raw[] = await this.manager.query(
      `SELECT * FROM case_pledges WHERE case_id = $1 ORDER BY step_id COLLATE "C"`,
      [caseId],
    );
    return rows.map((row) => ({
      caseId: row['case_id'] as string,
      stepId: row['step_id'] as string,
      text: row['text'] as PledgeRow['text'],
      signedByAccountId: row['signed_by_account_id'] as string,
      signedAt: row['signed_at'] as Date,
      revokedAt: (row['revoked_at'] as Date | null) ?? null,
    }));
  }

  /** Marks the pledge revoked once; false when it already was (so the applicant is told once). */
  async revokePledge(caseId: string, stepId: string): Promise<boolean> {
    const [, affected] = await this.manager.query<[unknown, number]>(
      `UPDATE case_pledges SET revoked_at = now() WHERE case_id = $1 AND step_id = $2 AND revoked_at IS NULL`,
      [caseId, stepId],
    );
    return affected === 1;
  }
}

function toSource(row: Raw): InboundSourceRow {
  return {
    code: row['code'] as string,
    departmentCode: row['department_code'] as string,
    secretSealed: row['secret_sealed'] as string,
    createdAt: row['created_at'] as Date,
    rotatedAt: (row['rotated_at'] as Date | null) ?? null,
  };
}

function toEvent(row: Raw): InboundEventRow {
  return {
    id: row['id'] as string,
    sourceCode: row['source_code'] as string,
    eventId: row['event_id'] as string,
    eventType: row['event_type'] as string,
    outcome: row['outcome'] as InboundEventOutcome,
    duplicateOf: (row['duplicate_of'] as string | null) ?? null,
    cases: row['cases'] as InboundEventCase[],
    receivedAt: new Date(row['received_at'] as string | Date),
  };
}

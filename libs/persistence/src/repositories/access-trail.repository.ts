import type { EntityManager } from 'typeorm';
import type { KeysetResult } from './keyset';

export type AccessAction = 'read' | 'decision';

/** One access as the trail stores it; `fields` are names, never values. */
export interface AccessTrailRow {
  /** Position in the chain, from 1. */
  seq: number;
  id: string;
  occurredAt: Date;
  action: AccessAction;
  actorId: string;
  actorKind: 'account' | 'department_system';
  role: string;
  department: string | null;
  caseId: string | null;
  /**
   * Several cases read alike in one access (a list page), sorted; then `caseId` is null. Null for a
   * record of one case or of none (and for every record written before lists existed).
   */
  caseIds: string[] | null;
  subjectAccountId: string | null;
  resource: string;
  fields: string[];
  purpose: string;
  prevHash: string;
  hash: string;
}

/** A record as its applicant sees it: which of their own cases it read. */
export type ApplicantAccessRow = AccessTrailRow & { ownCaseIds: string[] };

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface AccessTrailFilter {
  caseId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** Keyset: rows before this position (the list is newest first). */
  beforeSeq?: number;
  limit: number;
}

const COLUMNS = `seq, id, occurred_at, action, actor_id, actor_kind, role, department, case_id,
  case_ids, subject_account_id, resource, fields, purpose, prev_hash, hash`;

interface RawRow {
  seq: string;
  id: string;
  occurred_at: Date;
  action: AccessAction;
  actor_id: string;
  actor_kind: AccessTrailRow['actorKind'];
  role: string;
  department: string | null;
  case_id: string | null;
  case_ids: string[] | null;
  subject_account_id: string | null;
  resource: string;
  fields: string[];
  purpose: string;
  prev_hash: string;
  hash: string;
}

function fromRaw(raw: RawRow): AccessTrailRow {
  return {
    seq: Number(raw.seq),
    id: raw.id,
    occurredAt: raw.occurred_at,
    action: raw.action,
    actorId: raw.actor_id,
    actorKind: raw.actor_kind,
    role: raw.role,
    department: raw.department,
    caseId: raw.case_id,
    caseIds: raw.case_ids,
    subjectAccountId: raw.subject_account_id,
    resource: raw.resource,
    fields: raw.fields,
    purpose: raw.purpose,
    prevHash: raw.prev_hash,
    hash: raw.hash,
  };
}

/**
 * Several rows ($1..$16: one array per column) as a SELECT in chain order. unnest turns the column
 * arrays into rows; a text[][] must be rectangular, so each row's field names (and list of cases) travel
 * as one JSON array.
 */
const ROWS_FROM_ARRAYS = `SELECT seq, id, occurred_at, action, actor_id, actor_kind, role, department, case_id,
    CASE WHEN case_ids_json IS NOT NULL
      THEN ARRAY(SELECT json_array_elements_text(case_ids_json::json))::uuid[] END AS case_ids,
    subject_account_id, resource, ARRAY(SELECT json_array_elements_text(fields_json::json)) AS fields, purpose,
    prev_hash, hash
  FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
    $7::text[], $8::text[], $9::uuid[], $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[],
    $15::text[], $16::text[]) AS t(seq, id, occurred_at, action, actor_id, actor_kind, role, department,
    case_id, case_ids_json, subject_account_id, resource, fields_json, purpose, prev_hash, hash)
  ORDER BY seq`;

/** One row ($1..$16: one value per column) as a SELECT: planned in about half the time of the above. */
const ONE_ROW = `SELECT $1::bigint, $2::uuid, $3::timestamptz, $4::text, $5::text, $6::text, $7::text,
  $8::text, $9::uuid, $10::uuid[], $11::uuid, $12::text, $13::text[], $14::text, $15::text, $16::text`;

/** One column's value of a row, in the order of COLUMNS. */
const COLUMN_VALUES: ((row: AccessTrailRow) => unknown)[] = [
  (r) => r.seq,
  (r) => r.id,
  (r) => r.occurredAt.toISOString(),
  (r) => r.action,
  (r) => r.actorId,
  (r) => r.actorKind,
  (r) => r.role,
  (r) => r.department,
  (r) => r.caseId,
  (r) => r.caseIds,
  (r) => r.subjectAccountId,
  (r) => r.resource,
  (r) => r.fields,
  (r) => r.purpose,
  (r) => r.prevHash,
  (r) => r.hash,
];

/**
 * The linked rows as a SELECT of COLUMNS in chain order and its 16 parameters ($1..$16). Most appends
 * are one record (a read, a decision, a worklist page of one step): a plain one-row SELECT; a group
 * commit or a page of several kinds: the column arrays through unnest.
 */
function linkedRows(rows: readonly AccessTrailRow[]): { sql: string; parameters: unknown[] } {
  if (rows.length === 1) return { sql: ONE_ROW, parameters: COLUMN_VALUES.map((value) => value(rows[0])) };
  return {
    sql: ROWS_FROM_ARRAYS,
    // A list in a cell (case_ids, fields) travels as one JSON array: rows' lists differ in length.
    parameters: COLUMN_VALUES.map((value) =>
      rows.map((row) => {
        const cell = value(row);
        return Array.isArray(cell) ? JSON.stringify(cell) : cell;
      }),
    ),
  };
}

/** A page of `limit` rows fetched with one more (which says another page follows); keyed by position. */
function pageBySeq(raw: RawRow[], limit: number): KeysetResult<AccessTrailRow> {
  const items = raw.slice(0, limit).map(fromRaw);
  const last = items.at(-1);
  return { items, lastKey: raw.length > limit && last ? [String(last.seq)] : null };
}

/**
 * The access trail (append-only: the table refuses UPDATE, DELETE and TRUNCATE). Appending takes the
 * head row's lock (`lockHead`), so the caller must run `lockHead`, `insert` and `moveHead` in one
 * transaction: appends are serialised there and the chain never forks.
 */
export class AccessTrailRepository {
  constructor(private readonly manager: EntityManager) {}

  async lockHead(): Promise<ChainHead> {
    const [row] = await this.manager.query<{ seq: string; hash: string }[]>(
      `SELECT seq, hash FROM access_trail_head WHERE singleton FOR UPDATE`,
    );
    return { seq: Number(row.seq), hash: row.hash };
  }

  async head(): Promise<ChainHead> {
    const [row] = await this.manager.query<{ seq: string; hash: string }[]>(
      `SELECT seq, hash FROM access_trail_head WHERE singleton`,
    );
    return { seq: Number(row.seq), hash: row.hash };
  }

  /**
   * Several linked rows and the head moved after them, in one statement (a worklist page records one
   * access per task it shows). Only under the head's lock (`lockHead`), in its transaction.
   */
  async appendLinked(rows: readonly AccessTrailRow[], head: ChainHead): Promise<void> {
    if (rows.length === 0) return;
    const linked = linkedRows(rows);
    await this.manager.query(
      `WITH moved AS (UPDATE access_trail_head SET seq = $17, hash = $18 WHERE singleton)
       INSERT INTO access_trail (${COLUMNS}) ${linked.sql}`,
      [...linked.parameters, head.seq, head.hash],
    );
  }

  /**
   * Compare-and-swap on the head, in one statement (its own transaction when run outside one): moves the
   * head from `expected` to `head` and inserts the rows linked after `expected`, or, when the head is no
   * longer `expected` (another writer appended), does nothing and answers false. A concurrent writer's
   * move is waited for and then re-checked (READ COMMITTED), so the chain never forks.
   */
  async appendIfHead(
    expected: ChainHead,
    rows: readonly AccessTrailRow[],
    head: ChainHead,
  ): Promise<boolean> {
    if (rows.length === 0) return true;
    const linked = linkedRows(rows);
    const [{ appended }] = await this.manager.query<{ appended: string }[]>(
      `WITH moved AS (
         UPDATE access_trail_head SET seq = $17, hash = $18 WHERE singleton AND seq = $19 AND hash = $20
         RETURNING 1
       ), inserted AS (
         INSERT INTO access_trail (${COLUMNS})
         SELECT * FROM (${linked.sql}) linked WHERE EXISTS (SELECT 1 FROM moved)
         RETURNING 1
       )
       SELECT count(*) AS appended FROM inserted`,
      [...linked.parameters, head.seq, head.hash, expected.seq, expected.hash],
    );
    return Number(appended) === rows.length;
  }

  /** The chain in order, a batch at a time, for the verifier. */
  async chainAfter(afterSeq: number, limit: number): Promise<AccessTrailRow[]> {
    const rows = await this.manager.query<RawRow[]>(
      `SELECT ${COLUMNS} FROM access_trail WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(fromRaw);
  }

  /** Auditors' query, newest first. */
  async search(filter: AccessTrailFilter): Promise<KeysetResult<AccessTrailRow>> {
    const rows = await this.manager.query<RawRow[]>(
      `SELECT ${COLUMNS} FROM access_trail
       WHERE ($1::uuid IS NULL OR case_id = $1 OR case_ids @> ARRAY[$1::uuid])
         AND ($2::text IS NULL OR actor_id = $2)
         AND ($3::timestamptz IS NULL OR occurred_at >= $3) AND ($4::timestamptz IS NULL OR occurred_at < $4)
         AND ($5::bigint IS NULL OR seq < $5)
       ORDER BY seq DESC LIMIT $6`,
      [
        filter.caseId ?? null,
        filter.actorId ?? null,
        filter.from?.toISOString() ?? null,
        filter.to?.toISOString() ?? null,
        filter.beforeSeq ?? null,
        filter.limit + 1,
      ],
    );
    return pageBySeq(rows, filter.limit);
  }

  /**
   * Accesses to the cases an applicant owns, by anyone but the applicant themself, newest first. Each
   * row names in `ownCaseIds` only the applicant's own cases among those it read: a list page's record
   * also names other people's cases, which are none of this applicant's business.
   */
  async forApplicant(
    accountId: string,
    page: { caseId?: string; beforeSeq?: number; limit: number },
  ): Promise<KeysetResult<ApplicantAccessRow>> {
    const columns = COLUMNS.split(',')
      .map((column) => `t.${column.trim()}`)
      .join(', ');
    const rows = await this.manager.query<(RawRow & { own_case_ids: string[] })[]>(
      // Each branch through an index: the single-case records by access_trail_case_idx, the lists by the
      // GIN index (`&&` against the applicant's cases as one array). Newest first, the page cut before
      // the records' columns are read.
      `WITH mine AS MATERIALIZED (
         SELECT id FROM cases WHERE applicant_account_id = $1 AND ($2::uuid IS NULL OR id = $2)
       ), hits AS (
         SELECT t.seq, t.case_id FROM mine m JOIN access_trail t ON t.case_id = m.id
         WHERE t.actor_id <> $1::text AND ($3::bigint IS NULL OR t.seq < $3)
         UNION ALL
         SELECT t.seq, listed.case_id
         FROM access_trail t CROSS JOIN LATERAL unnest(t.case_ids) AS listed(case_id)
         WHERE t.case_ids && ARRAY(SELECT id FROM mine) AND t.case_ids IS NOT NULL
           AND listed.case_id IN (SELECT id FROM mine)
           AND t.actor_id <> $1::text AND ($3::bigint IS NULL OR t.seq < $3)
       ), own AS (
         SELECT seq, array_agg(case_id ORDER BY case_id) AS own_case_ids FROM hits
         GROUP BY seq ORDER BY seq DESC LIMIT $4
       )
       SELECT ${columns}, own.own_case_ids
       FROM own JOIN access_trail t ON t.seq = own.seq
       ORDER BY t.seq DESC`,
      [accountId, page.caseId ?? null, page.beforeSeq ?? null, page.limit + 1],
    );
    const { items, lastKey } = pageBySeq(rows, page.limit);
    return { items: items.map((row, i) => ({ ...row, ownCaseIds: rows[i].own_case_ids })), lastKey };
  }
}

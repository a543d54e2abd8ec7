import type { EntityManager } from 'typeorm';

/** A signed result document as issued: the exact canonical text that was signed, and its signature. */
export interface ResultDocumentRow {
  id: string;
  caseId: string;
  canonical: string;
  signature: string;
  issuedAt: Date;
}

interface RawRow {
  id: string;
  case_id: string;
  canonical: string;
  signature: string;
  issued_at: Date;
}

const fromRaw = (raw: RawRow): ResultDocumentRow => ({
  id: raw.id,
  caseId: raw.case_id,
  canonical: raw.canonical,
  signature: raw.signature,
  issuedAt: raw.issued_at,
});

/** Result documents are issued once per case and never change (a trigger refuses UPDATE). */
export class ResultDocumentRepository {
  constructor(private readonly manager: EntityManager) {}

  async forCase(caseId: string): Promise<ResultDocumentRow | undefined> {
    const [row] = await this.manager.query<RawRow[]>(
      `SELECT id, case_id, canonical, signature, issued_at FROM result_documents WHERE case_id = $1`,
      [caseId],
    );
    return row && fromRaw(row);
  }

  async find(id: string): Promise<ResultDocumentRow | undefined> {
    const [row] = await this.manager.query<RawRow[]>(
      `SELECT id, case_id, canonical, signature, issued_at FROM result_documents WHERE id = $1`,
      [id],
    );
    return row && fromRaw(row);
  }

  /** Issues the document unless one exists for the case already; answers the one that stands. */
  async issueOnce(
    document: Omit<ResultDocumentRow, 'issuedAt'> & { issuedAt: Date },
  ): Promise<ResultDocumentRow> {
    await this.manager.query(
      `INSERT INTO result_documents (id, case_id, canonical, signature, issued_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING`,
      [document.id, document.caseId, document.canonical, document.signature, document.issuedAt.toISOString()],
    );
    return (await this.forCase(document.caseId))!;
  }
}

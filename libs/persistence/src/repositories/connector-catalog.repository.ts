import type { EntityManager } from 'typeorm';

/** One version of a connector as stored: settings as written (parsed by @onething/connectors), secret sealed. */
export interface ConnectorVersionRow {
  key: string;
  version: number;
  settings: Record<string, unknown>;
  sealedSecret: string | null;
  changes: string[];
  createdBy: string | null;
  createdAt: Date;
}

export interface NewConnectorVersion {
  key: string;
  settings: Record<string, unknown>;
  sealedSecret: string | null;
  changes: string[];
  createdBy: string | null;
}

interface RawVersion {
  key: string;
  version: number;
  settings: Record<string, unknown>;
  sealed_secret: string | null;
  changes: string[];
  created_by: string | null;
  created_at: Date;
}

const VERSION_COLUMNS = `v.key, v.version, v.settings, v.sealed_secret, v.changes, v.created_by, v.created_at`;
const toRow = (raw: RawVersion): ConnectorVersionRow => ({
  key: raw.key,
  version: raw.version,
  settings: raw.settings,
  sealedSecret: raw.sealed_secret,
  changes: raw.changes,
  createdBy: raw.created_by,
  createdAt: raw.created_at,
});

/**
 * The connector catalog: versions are only ever added; `connectors.current_version` names the one new
 * cases pin. Writers lock the connector's row, so two concurrent updates make two versions, not one.
 */
export class ConnectorCatalogRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Current versions in key order, after `afterKey` (keyset pagination). */
  async listCurrent(limit: number, afterKey?: string): Promise<ConnectorVersionRow[]> {
    const rows = await this.manager.query<RawVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM connectors c
         JOIN connector_versions v ON v.key = c.key AND v.version = c.current_version
        WHERE ($1::text IS NULL OR c.key > $1) ORDER BY c.key LIMIT $2`,
      [afterKey ?? null, limit],
    );
    return rows.map(toRow);
  }

  async count(): Promise<number> {
    const [row] = await this.manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM connectors`);
    return row.n;
  }

  async allKeys(): Promise<string[]> {
    const rows = await this.manager.query<{ key: string }[]>(`SELECT key FROM connectors ORDER BY key`);
    return rows.map((row) => row.key);
  }

  async current(key: string): Promise<ConnectorVersionRow | undefined> {
    const [row] = await this.manager.query<RawVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM connectors c
         JOIN connector_versions v ON v.key = c.key AND v.version = c.current_version WHERE c.key = $1`,
      [key],
    );
    return row && toRow(row);
  }

  async version(key: string, version: number): Promise<ConnectorVersionRow | undefined> {
    const [row] = await this.manager.query<RawVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM connector_versions v WHERE v.key = $1 AND v.version = $2`,
      [key, version],
    );
    return row && toRow(row);
  }

  /** Versions newest first, below `beforeVersion` (keyset pagination). */
  async versions(key: string, limit: number, beforeVersion?: number): Promise<ConnectorVersionRow[]> {
    const rows = await this.manager.query<RawVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM connector_versions v
        WHERE v.key = $1 AND ($2::int IS NULL OR v.version < $2) ORDER BY v.version DESC LIMIT $3`,
      [key, beforeVersion ?? null, limit],
    );
    return rows.map(toRow);
  }

  /** Locks the connector's row for the rest of the transaction; its current version, if it exists. */
  async lockCurrent(key: string): Promise<ConnectorVersionRow | undefined> {
    const locked = await this.manager.query<unknown[]>(`SELECT 1 FROM connectors WHERE key = $1 FOR UPDATE`, [
      key,
    ]);
    return locked.length === 0 ? undefined : this.current(key);
  }

  /** Adds the next version and makes it current; call inside a transaction after `lockCurrent`. */
  async addVersion(next: NewConnectorVersion): Promise<ConnectorVersionRow> {
    await this.manager.query(
      `INSERT INTO connectors (key, current_version) VALUES ($1, 1)
       ON CONFLICT (key) DO UPDATE SET current_version = connectors.current_version + 1, updated_at = now()`,
      [next.key],
    );
    const [raw] = await this.manager.query<RawVersion[]>(
      `INSERT INTO connector_versions (key, version, settings, sealed_secret, changes, created_by)
       SELECT $1, current_version, $2, $3, $4, $5 FROM connectors WHERE key = $1
       RETURNING key, version, settings, sealed_secret, changes, created_by, created_at`,
      [
        next.key,
        JSON.stringify(next.settings),
        next.sealedSecret,
        JSON.stringify(next.changes),
        next.createdBy,
      ],
    );
    return toRow(raw);
  }

  /**
   * Pins the current version of each of `keys` for a new case (in its submission transaction); keys
   * not in the catalog are skipped (the definition's validation stands between them and a case).
   */
  async pinForCase(caseId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.manager.query(
      `INSERT INTO case_connector_versions (case_id, connector_key, version)
       SELECT $1, key, current_version FROM connectors WHERE key = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [caseId, [...new Set(keys)]],
    );
  }

  /** The version a case pinned; undefined for a case submitted before connectors were pinned. */
  async pinnedVersion(caseId: string, key: string): Promise<number | undefined> {
    const [row] = await this.manager.query<{ version: number }[]>(
      `SELECT version FROM case_connector_versions WHERE case_id = $1 AND connector_key = $2`,
      [caseId, key],
    );
    return row?.version;
  }
}

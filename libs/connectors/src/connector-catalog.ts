import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { secretBoxFor, type SecretBox } from '@onething/codec';
import { ConnectorError, ConnectorErrorCode } from '@onething/errors';
import { ConnectorCatalogRepository, type ConnectorVersionRow } from '@onething/persistence';
import { UnknownConnectorError, UnreadableConnectorError, type Connector } from './connector';
import {
  changedSettings,
  connectorSettingsSchema,
  needsSecret,
  type ConnectorInput,
  type ConnectorSettings,
} from './connector-record';
import { HttpConnector, type HttpConnectorOptions } from './http-connector';

/** A connector as the API shows it: its settings, whether a secret is stored, never the secret. */
export interface ConnectorView extends Omit<ConnectorSettings, 'auth'> {
  key: string;
  version: number;
  auth: { type: ConnectorSettings['auth']['type']; secretSet: boolean };
  updatedAt: string;
  updatedBy: string | null;
}

/** Why a stored version's settings are not what the catalog writes: one entry per offending setting. */
export interface ConnectorSettingsIssue {
  /** Dotted path in the stored settings ("" for the settings as a whole). */
  path: string;
  /** Zod's issue code (`invalid_type`, `unrecognized_keys`, …). */
  code: string;
  message: string;
}

/**
 * A connector whose current version's settings do not parse (written by an older shape or by hand): the
 * list shows it with the reason, so one bad row never hides the others; a new version repairs it.
 */
export interface InvalidConnectorView {
  key: string;
  version: number;
  invalid: { code: typeof CONNECTOR_SETTINGS_INVALID; issues: ConnectorSettingsIssue[] };
  updatedAt: string;
  updatedBy: string | null;
}

export const CONNECTOR_SETTINGS_INVALID = 'CONNECTOR_SETTINGS_INVALID';
/** Enough issues to repair a version by; a row broken everywhere does not make an unbounded answer. */
const MAX_SETTINGS_ISSUES = 20;

export interface ConnectorVersionView {
  version: number;
  createdAt: string;
  createdBy: string | null;
  /** Settings that changed from the version before (`auth.secret` for a new secret, never its value). */
  changes: string[];
}

/** A keyset page (the API's `CursorCodec` turns `lastKey` into `nextCursor`). */
export interface KeyedPage<T> {
  items: T[];
  /** The sort key of the page's last item when more follow, else null. */
  lastKey: string[] | null;
}

/** The page after `after` (a key handed out earlier, as the API's cursor carries it). */
export interface PageRequest {
  after?: string[];
  limit: number;
}

/** A connector version resolved for calling: the connector and the settings that bound it. */
export interface ResolvedConnector {
  connector: Connector;
  version: number;
  settings: ConnectorSettings;
}

/**
 * The connector catalog: administrators' versions of each department system's settings, with the
 * secret sealed by the payload keys, and the connectors the worker calls built from the version a
 * case pinned. A version never changes, so a built connector is kept per key and version.
 */
@Injectable()
export class ConnectorCatalog {
  private readonly box: SecretBox;
  private readonly built = new Map<string, ResolvedConnector>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = secretBoxFor(config.temporal.payloadKeys);
  }

  private get repository() {
    return new ConnectorCatalogRepository(this.dataSource.manager);
  }

  keys(): Promise<string[]> {
    return this.repository.allKeys();
  }

  /** The connectors by key. */
  async list({ after, limit }: PageRequest): Promise<KeyedPage<ConnectorView | InvalidConnectorView>> {
    const rows = await this.repository.listCurrent(limit + 1, after?.[0]);
    const items = rows.slice(0, limit).map(toListedView);
    const last = items.at(-1);
    return { items, lastKey: rows.length > limit && last ? [last.key] : null };
  }

  /** One connector; refused with CONNECTOR_SETTINGS_INVALID (and the issues) when its settings do not parse. */
  async get(key: string): Promise<ConnectorView> {
    const view = toListedView(await this.found(this.repository.current(key), key));
    if ('invalid' in view) {
      throw new ConnectorError(
        ConnectorErrorCode.SettingsInvalid,
        `Connector ${key} version ${view.version} has stored settings the catalog cannot read; save a new version to repair it`,
        '',
        view.invalid.issues,
      );
    }
    return view;
  }

  /** A connector's versions, newest first. */
  async versions(key: string, { after, limit }: PageRequest): Promise<KeyedPage<ConnectorVersionView>> {
    await this.found(this.repository.current(key), key);
    const rows = await this.repository.versions(key, limit + 1, after && Number(after[0]));
    const items = rows.slice(0, limit).map((row) => ({
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
      changes: row.changes,
    }));
    const last = items.at(-1);
    return { items, lastKey: rows.length > limit && last ? [String(last.version)] : null };
  }

  /** A new connector (version 1); refused when the key exists. */
  create(key: string, input: ConnectorInput, actorId: string | null): Promise<ConnectorView> {
    return this.write(key, input, actorId, 'create');
  }

  /** The next version of an existing connector; without `auth.secret` the stored secret is kept. */
  update(key: string, input: ConnectorInput, actorId: string | null): Promise<ConnectorView> {
    return this.write(key, input, actorId, 'update');
  }

  /**
   * The connector a case calls: the version it pinned at submission, or the current one for a case
   * submitted before versions were pinned.
   */
  async forCase(caseId: string, key: string): Promise<ResolvedConnector> {
    const repository = this.repository;
    const pinned = await repository.pinnedVersion(caseId, key);
    // A version is never changed once written: one already built serves without reading it again.
    const built = pinned === undefined ? undefined : this.built.get(`${key}@${pinned}`);
    if (built) return built;
    const row = await (pinned === undefined ? repository.current(key) : repository.version(key, pinned));
    // Retrying cannot make a connector appear: the worker fails such a call for good.
    if (!row) throw new UnknownConnectorError(key);
    const id = `${row.key}@${row.version}`;
    let resolved = this.built.get(id);
    if (!resolved) {
      const parsed = connectorSettingsSchema.safeParse(row.settings);
      if (!parsed.success) {
        const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(settings)');
        throw new UnreadableConnectorError(row.key, row.version, [...new Set(paths)]);
      }
      const settings = parsed.data;
      resolved = {
        connector: new HttpConnector(this.httpOptions(row, settings)),
        version: row.version,
        settings,
      };
      this.built.set(id, resolved);
    }
    return resolved;
  }

  private async write(
    key: string,
    input: ConnectorInput,
    actorId: string | null,
    mode: 'create' | 'update',
  ): Promise<ConnectorView> {
    const row = await this.dataSource.transaction(async (manager) => {
      const repository = new ConnectorCatalogRepository(manager);
      const before = await repository.lockCurrent(key);
      if (mode === 'create' && before)
        throw new ConnectorError(ConnectorErrorCode.Exists, `Connector ${key} exists`, 'key');
      if (mode === 'update' && !before)
        throw new ConnectorError(ConnectorErrorCode.NotFound, `No connector ${key}`, 'key');
      const { secret, ...auth } = input.auth;
      const settings: ConnectorSettings = { ...input, auth };
      const sealedSecret = this.sealedSecretFor(key, settings, secret, before);
      // A version the catalog cannot read is repaired by this one: every setting counts as changed.
      const previous = before && connectorSettingsSchema.safeParse(before.settings).data;
      const changes = before ? changedSettings(previous, settings, secret !== undefined) : ['created'];
      return repository.addVersion({ key, settings, sealedSecret, changes, createdBy: actorId });
    });
    return toView(row);
  }

  private sealedSecretFor(
    key: string,
    settings: ConnectorSettings,
    secret: string | undefined,
    before: ConnectorVersionRow | undefined,
  ): string | null {
    if (!needsSecret(settings.auth.type)) return null;
    if (secret !== undefined) return this.box.seal(secret, secretContext(key));
    if (before?.sealedSecret) return before.sealedSecret;
    throw new ConnectorError(
      ConnectorErrorCode.SecretRequired,
      `auth.secret: ${settings.auth.type} auth needs a secret`,
      'auth.secret',
    );
  }

  private httpOptions(row: ConnectorVersionRow, settings: ConnectorSettings): HttpConnectorOptions {
    const { baseUrl, token, timeoutMs, endpoints } = this.config.connectors;
    const endpoint = endpoints[row.key];
    const secret = row.sealedSecret ? this.box.open(row.sealedSecret, secretContext(row.key)) : undefined;
    const auth =
      settings.auth.type === 'bearer' && secret
        ? { type: 'bearer' as const, token: secret }
        : settings.auth.type === 'hmac' && secret
          ? { type: 'hmac' as const, secret }
          : settings.auth.type === 'default'
            ? (endpoint?.auth ?? (token ? { type: 'bearer' as const, token } : undefined))
            : undefined;
    return {
      code: row.key,
      url: settings.baseUrl ?? endpoint?.url ?? `${baseUrl}/connectors/${encodeURIComponent(row.key)}`,
      timeoutMs: settings.timeoutMs ?? endpoint?.timeoutMs ?? timeoutMs,
      auth,
      fieldNames: { ...endpoint?.fieldNames, ...settings.requestMapping },
      responseMapping: settings.responseMapping,
      compensateUrl: settings.compensateUrl,
    };
  }

  private async found(row: Promise<ConnectorVersionRow | undefined>, key: string) {
    const found = await row;
    if (!found) throw new ConnectorError(ConnectorErrorCode.NotFound, `No connector ${key}`, 'key');
    return found;
  }
}

const secretContext = (key: string) => `connector:${key}`;

/** The view of a version, or its invalid view when the stored settings do not parse. */
function toListedView(row: ConnectorVersionRow): ConnectorView | InvalidConnectorView {
  const parsed = connectorSettingsSchema.safeParse(row.settings);
  if (parsed.success) return toView(row, parsed.data);
  const issues = parsed.error.issues.slice(0, MAX_SETTINGS_ISSUES).map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
  return {
    key: row.key,
    version: row.version,
    invalid: { code: CONNECTOR_SETTINGS_INVALID, issues },
    updatedAt: row.createdAt.toISOString(),
    updatedBy: row.createdBy,
  };
}

function toView(row: ConnectorVersionRow, parsed?: ConnectorSettings): ConnectorView {
  const { auth, ...settings } = parsed ?? connectorSettingsSchema.parse(row.settings);
  return {
    key: row.key,
    version: row.version,
    ...settings,
    auth: { type: auth.type, secretSet: row.sealedSecret !== null },
    updatedAt: row.createdAt.toISOString(),
    updatedBy: row.createdBy,
  };
}

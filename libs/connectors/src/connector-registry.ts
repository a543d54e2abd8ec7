import type { AppConfig } from '@onething/config';
import { Connector, UnknownConnectorError } from './connector';
import { HttpConnector } from './http-connector';

/** The connectors a process can call, by code. */
export class ConnectorRegistry {
  private readonly connectors: ReadonlyMap<string, Connector>;

  constructor(connectors: Iterable<Connector>) {
    this.connectors = new Map([...connectors].map((connector) => [connector.code, connector]));
  }

  /**
   * HTTP connectors for the given codes (e.g. the connector catalog): each at its CONNECTOR_ENDPOINTS
   * entry if it has one, otherwise at `<CONNECTOR_BASE_URL>/connectors/<code>` with CONNECTOR_TOKEN.
   * Endpoints configured for codes not in the list are added too.
   */
  static fromConfig(
    config: Pick<AppConfig, 'connectors'>,
    codes: Iterable<string>,
    options: { fetch?: typeof fetch } = {},
  ): ConnectorRegistry {
    const { baseUrl, token, timeoutMs, endpoints } = config.connectors;
    const all = new Set([...codes, ...Object.keys(endpoints)]);
    return new ConnectorRegistry(
      [...all].map((code) => {
        const endpoint = endpoints[code];
        return new HttpConnector(
          endpoint
            ? { ...endpoint, code, timeoutMs: endpoint.timeoutMs ?? timeoutMs, fetch: options.fetch }
            : {
                code,
                url: `${baseUrl}/connectors/${encodeURIComponent(code)}`,
                timeoutMs,
                auth: token ? { type: 'bearer', token } : undefined,
                fetch: options.fetch,
              },
        );
      }),
    );
  }

  get(code: string): Connector {
    const connector = this.connectors.get(code);
    if (!connector) throw new UnknownConnectorError(code);
    return connector;
  }

  has(code: string): boolean {
    return this.connectors.has(code);
  }

  codes(): string[] {
    return [...this.connectors.keys()].sort();
  }
}

import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives safe defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.api.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.schema).toBe('public');
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.taskQueue).toBe('onething-cases');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', API_PORT: '' }).api.port).toBe(3000);
  });

  it('names every wrong variable and what it expects', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'localhost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['API_PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS']);
    expect((error as ConfigError).message).toContain('TEMPORAL_ADDRESS: expected host:port');
  });

  it('accepts real servers', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/onething',
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
    expect(config.database.url).toBe('postgres://u:p@db:5432/onething');
    expect(config.temporal.address).toBe('temporal:7233');
  });
});

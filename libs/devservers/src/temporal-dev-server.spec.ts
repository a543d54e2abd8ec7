import { devServerArguments, type TemporalDevServerOptions } from './temporal-dev-server';

const options: TemporalDevServerOptions = {
  cliPath: '/bin/temporal',
  host: '127.0.0.1',
  port: 7233,
  httpPort: 7243,
  metricsPort: 7253,
  dataDir: '.data/temporal',
  namespace: 'default',
  searchAttributes: [{ name: 'OnethingCaseId', type: 'Keyword' }],
  log: () => undefined,
};

describe('the Temporal dev server command line', () => {
  it('serves the Web UI on its port, decoding payloads through the API codec server', () => {
    const args = devServerArguments(
      { ...options, uiPort: 8233, codecEndpoint: 'http://127.0.0.1:3000/codec' },
      'x.sqlite',
    );
    expect(args).not.toContain('--headless');
    expect(args.join(' ')).toContain('--ui-port 8233 --ui-codec-endpoint http://127.0.0.1:3000/codec');
    expect(args.join(' ')).toContain('--search-attribute OnethingCaseId=Keyword');
  });

  it('runs headless when the UI port is 0 (tests) or not given', () => {
    expect(devServerArguments({ ...options, uiPort: 0 }, 'x.sqlite')).toContain('--headless');
    expect(devServerArguments(options, 'x.sqlite')).toContain('--headless');
  });
});

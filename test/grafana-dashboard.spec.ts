import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metrics } from '@onething/observability';

/** The Grafana dashboard (deploy/grafana/onething.json) queries only series the processes export. */
const dashboard = JSON.parse(
  readFileSync(join(__dirname, '..', 'deploy', 'grafana', 'onething.json'), 'utf8'),
) as {
  uid: string;
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
};
const dashboardExpressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
const seriesIn = (prefix: string) => [
  ...new Set(dashboardExpressions.flatMap((e) => e.match(new RegExp(`\\b${prefix}[a-z_]+`, 'g')) ?? [])),
];

describe('the Grafana dashboard', () => {
  it("queries only the project's own series, by their exported names", async () => {
    const metrics = new Metrics('worker');
    metrics.watchOutboxLag(['case.submitted'], () => Promise.resolve(null));
    const exported = new Set(
      (await metrics.registry.getMetricsAsJSON()).flatMap((m) =>
        String(m.type) === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => m.name + s) : [m.name],
      ),
    );
    const unknown = seriesIn('onething_').filter((name) => !exported.has(name));
    expect(unknown).toEqual([]);
    expect(seriesIn('onething_').length).toBeGreaterThanOrEqual(9);
  });

  it('has a stable uid and a panel for each thing an operator watches', () => {
    expect(dashboard.uid).toBe('onething-overview');
    const titles = dashboard.panels.map((p) => p.title).join('\n');
    for (const topic of [
      'submitted',
      'completed',
      'Step latency',
      'SLA breaches',
      'material',
      'Activity failures',
      'Outbox lag',
      'HTTP latency',
      'Temporal SDK',
    ])
      expect(titles).toContain(topic);
  });
});

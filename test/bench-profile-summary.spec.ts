import { join } from 'node:path';
import { moduleOf, summarise } from '../bench/profile-summary';

const root = process.cwd();
const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('bench/profile-summary', () => {
  it('names where a frame comes from: a package, Node, a folder of the repository, a bundle', () => {
    expect(moduleOf(frame('parse', join(root, 'node_modules', 'pg-protocol', 'dist', 'parser.js')))).toBe(
      'pg-protocol',
    );
    expect(
      moduleOf(frame('x', `file://${join(root, 'node_modules', '@temporalio', 'worker', 'lib', 'a.js')}`)),
    ).toBe('@temporalio/worker');
    expect(moduleOf(frame('emit', 'node:events'))).toBe('node:events');
    expect(moduleOf(frame('decide', join(root, 'libs', 'persistence', 'src', 'a.ts')))).toBe(
      'libs/persistence',
    );
    expect(moduleOf(frame('caseWorkflow', '/tmp/onething-bundle-1/workflow-bundle.js'))).toBe(
      'bundle workflow-bundle.js',
    );
    expect(moduleOf(frame('(garbage collector)', ''))).toBe('(garbage collector)');
    expect(moduleOf(frame('Math.max', ''))).toBe('(native)');
  });

  it('adds self time by module and inclusive time by function once per sample, leaving idle out', () => {
    const app = join(root, 'apps', 'worker', 'src', 'a.ts');
    const summary = summarise({
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
        { id: 2, callFrame: frame('run', app, 9), children: [3] },
        { id: 3, callFrame: frame('recurse', app, 19), children: [4] },
        { id: 4, callFrame: frame('recurse', app, 19) },
        { id: 5, callFrame: frame('(idle)', '') },
      ],
      // Microseconds since the previous sample.
      samples: [4, 2, 5, 4],
      timeDeltas: [1000, 2000, 50_000, 3000],
    });
    expect(summary.totalMs).toBe(6);
    expect(summary.bySelf).toEqual(new Map([['apps/worker', 6]]));
    expect(summary.byInclusive.get('run apps/worker:10')).toBe(6);
    // In the stack twice, counted once per sample.
    expect(summary.byInclusive.get('recurse apps/worker:20')).toBe(4);
  });
});

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor } from './supervisor';

/** A process alive until signalled, printing a line: a stand-in for a server. */
const sleeper = (name: string, line = name) => ({
  name,
  command: process.execPath,
  args: ['-e', `console.log(${JSON.stringify(line)}); setInterval(() => {}, 1000)`],
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The output a process wrote so far (its log file opens a moment after the start). */
const output = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Supervisor', () => {
  let supervisor: Supervisor;
  let logs: string[];
  beforeEach(() => {
    logs = [];
    supervisor = new Supervisor({
      logDir: mkdtempSync(join(tmpdir(), 'supervisor-')),
      log: (m) => logs.push(m),
      backoff: { initialMs: 50, maxMs: 200 },
    });
  });
  afterEach(() => supervisor.stopAll());

  it('restarts a process killed with SIGKILL, and says so', async () => {
    await supervisor.start(sleeper('a'));
    const first = supervisor.pid('a')!;
    process.kill(first, 'SIGKILL');
    await supervisor.waitForRestart('a', 1, 10_000);
    expect(supervisor.pid('a')).not.toBe(first);
    expect(supervisor.restarts('a')).toBe(1);
    expect(logs.join('\n')).toMatch(/a exited \(code null, signal SIGKILL\).*restarting in 50 ms/);
  });

  it('backs off a process that keeps dying, never beyond the bound', async () => {
    await supervisor.start({ name: 'crash', command: process.execPath, args: ['-e', 'process.exit(3)'] });
    await until(() => supervisor.restarts('crash') >= 4);
    const delays = logs.map((line) => Number(/restarting in (\d+) ms/.exec(line)?.[1])).filter(Boolean);
    expect(delays.slice(0, 4)).toEqual([50, 100, 200, 200]);
  });

  it('stops every process and its children, and restarts nothing after', async () => {
    // A process with a child of its own: the whole group goes.
    await supervisor.start({
      name: 'parent',
      command: process.execPath,
      args: [
        '-e',
        `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); console.log('child', c.pid); setInterval(() => {}, 1000)`,
      ],
    });
    await supervisor.start(sleeper('b', 'hello from b'));
    await until(() => /child \d+/.test(output(supervisor.logFile('parent'))));
    // Both have started (on a loaded machine `b` may not have written yet when the stop comes).
    await until(() => output(supervisor.logFile('b')).includes('hello from b'));
    const grandchild = Number(/child (\d+)/.exec(output(supervisor.logFile('parent')))![1]);
    const pids = [supervisor.pid('parent')!, supervisor.pid('b')!, grandchild];
    await supervisor.stopAll();
    await until(() => pids.every((pid) => !alive(pid)));
    expect(supervisor.pid('b')).toBeUndefined();
    // What it wrote before the stop is kept.
    expect(output(supervisor.logFile('b'))).toContain('hello from b');
    expect(logs.filter((line) => line.includes('restarting'))).toEqual([]);
  });
});

/**
 * `npm run bench`: every figure issue 16 asks for in one command — bench/run.ts (throughput, latency,
 * history, worker CPU and memory: interpreter vs hand-written), then bench/burst.ts (memory with cases
 * waiting on people, and a burst that must drain). Each runs in its own process, one after the other,
 * with this process's environment; one that fails does not keep the next from running.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const BENCHMARKS = ['run.ts', 'burst.ts'];

function runBenchmark(file: string): Promise<number> {
  const child = spawn(process.execPath, ['-r', join(root, 'tools', 'register.js'), join(__dirname, file)], {
    cwd: root,
    stdio: 'inherit',
  });
  return new Promise((done) => child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
}

async function main() {
  const exits: [string, number][] = [];
  for (const file of BENCHMARKS) exits.push([file, await runBenchmark(file)]);
  const failed = exits.filter(([, code]) => code !== 0);
  for (const [file, code] of failed) process.stdout.write(`[bench] bench/${file} failed (exit ${code})\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

void main();

/**
 * Summarises V8 CPU profiles (`.cpuprofile`, written by `node --cpu-prof`; one per thread) as tables:
 * where a thread's CPU went, by module (self time) and by function (inclusive time), per case when told
 * how many cases ran. Profile the benchmark's workers with
 *   BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" BENCH_PHASES=none npm run bench:interpreter
 * then
 *   node -r ./tools/register.js bench/profile-summary.ts /tmp/prof [--cases N] [--top K]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, sep } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** V8's pseudo-frames: not code of anyone's. */
const PSEUDO = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** Where a frame's code comes from: a package, Node, a folder of this repository, or a workflow bundle. */
export function moduleOf(frame: CallFrame): string {
  if (PSEUDO.has(frame.functionName)) return frame.functionName;
  const url = frame.url.replace(/^file:\/\//, '');
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const packages = url.lastIndexOf(`node_modules${sep}`);
  if (packages >= 0) {
    const [scope, name] = url.slice(packages + 'node_modules/'.length).split(sep);
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const root = process.cwd() + sep;
  // The sources run as TypeScript; a JavaScript file outside node_modules is a workflow bundle.
  if (url.endsWith('.js') && !url.startsWith(join(root, 'tools'))) return `bundle ${basename(url)}`;
  const inRepo = url.startsWith(root) ? url.slice(root.length) : url;
  return inRepo.split(sep).slice(0, 2).join('/');
}

export interface ProfileSummary {
  totalMs: number;
  bySelf: Map<string, number>;
  byInclusive: Map<string, number>;
}

/** Self time by module; inclusive time by function (each function counted once per sample, however deep). */
export function summarise(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const bySelf = new Map<string, number>();
  const byInclusive = new Map<string, number>();
  // Each node's module and function key, named once rather than once per sample that passes through it.
  const moduleById = new Map(profile.nodes.map((node) => [node.id, moduleOf(node.callFrame)]));
  const keyById = new Map(
    profile.nodes.map(({ id, callFrame }) => {
      const name = callFrame.functionName || '(anonymous)';
      return [id, `${name} ${moduleById.get(id)}:${callFrame.lineNumber + 1}`];
    }),
  );
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') return;
    totalMs += ms;
    add(bySelf, moduleById.get(id)!, ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (byId.get(at)!.callFrame.functionName === '(root)') continue;
      const key = keyById.get(at)!;
      if (!seen.has(key)) add(byInclusive, key, ms);
      seen.add(key);
    }
  });
  return { totalMs, bySelf, byInclusive };
}

function table(title: string, map: Map<string, number>, top: number, perCase: number | undefined): string[] {
  const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `  ${title}`,
    ...rows.map(([key, ms]) => {
      const each = perCase ? `  ${(ms / perCase).toFixed(2).padStart(7)} ms/case` : '';
      return `    ${ms.toFixed(0).padStart(8)} ms${each}  ${key}`;
    }),
  ];
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    if (at < 0) return undefined;
    const [, value] = args.splice(at, 2);
    return Number(value);
  };
  const cases = option('--cases');
  const top = option('--top') ?? 15;
  if (args.length === 0) throw new Error('usage: bench/profile-summary.ts DIR|FILE… [--cases N] [--top K]');
  const files = args.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.cpuprofile'))
          .sort()
          .map((name) => join(path, name))
      : [path],
  );
  for (const file of files) {
    const { totalMs, bySelf, byInclusive } = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    // Node names the file CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main thread.
    const thread = basename(file).split('.')[4];
    console.log(
      `${basename(file)} (thread ${thread}): ${totalMs.toFixed(0)} ms on CPU` +
        (cases ? `, ${(totalMs / cases).toFixed(1)} ms per case over ${cases} cases` : ''),
    );
    console.log(
      [
        ...table('self time by module', bySelf, top, cases),
        ...table('inclusive time by function', byInclusive, top, cases),
      ].join('\n'),
    );
  }
}

if (require.main === module) main();

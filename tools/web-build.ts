import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The web application's source folder and its build, relative to the repository root. */
export const WEB_ROOT = join(__dirname, '..', 'apps', 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');
const MANIFEST = join(WEB_DIST, '.vite', 'manifest.json');
/** The budget for the applicant portal's first load, gzipped. */
export const APPLICANT_FIRST_LOAD_BUDGET = 300 * 1024;

interface ManifestChunk {
  file: string;
  /** The source module the chunk was made for (a chunk shared with other modules is keyed by its file). */
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== 'dist' && name !== 'node_modules')
    .reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** The build is missing, or some source is newer than it. */
export function webBuildIsStale(): boolean {
  if (!existsSync(MANIFEST)) return true;
  return newestChange(WEB_ROOT) > statSync(MANIFEST).mtimeMs;
}

/** Builds `apps/web` with Vite into `apps/web/dist` (Vite's own output goes to this process's). */
export function buildWeb(stdio: 'inherit' | 'pipe' = 'inherit'): void {
  const vite = join(__dirname, '..', 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', WEB_ROOT, '--logLevel', stdio === 'pipe' ? 'error' : 'info'], {
    stdio,
    encoding: 'utf8',
    // Jest sets NODE_ENV=test, which would bundle React's development build: always a production build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0)
    throw new Error(
      `vite build failed (exit ${result.status}): ${result.stderr ?? ''}${result.stdout ?? ''}`,
    );
}

/** Every file a chunk needs before it runs: itself, its static imports (recursively) and their CSS. */
function filesOf(manifest: Manifest, key: string, into: Set<string>): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const imported of chunk.imports ?? []) filesOf(manifest, imported, into);
  return into;
}

export interface FirstLoad {
  files: { file: string; gzipped: number }[];
  gzipped: number;
}

/**
 * What a browser fetches to show `/apply` the first time: index.html, the entry with its static imports
 * and CSS, and the applicant area's route module with its own. Lazily loaded pages (the form renderer)
 * come later and are not counted.
 */
export function applicantFirstLoad(): FirstLoad {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  const files = new Set<string>(['index.html']);
  filesOf(manifest, 'index.html', files);
  // Keyed by its source, unless Rollup merged modules the portal's lazy pages share into it (then by its
  // file): either way it is what index.html imports dynamically and what imports the portal's pages.
  const applyRoutes = (manifest['index.html'].dynamicImports ?? []).find(
    (key) =>
      key === 'src/apply/routes.tsx' ||
      (manifest[key]?.dynamicImports ?? []).some((page) => page.startsWith('src/apply/')),
  );
  if (!applyRoutes) throw new Error('the build has no chunk for src/apply/routes.tsx');
  filesOf(manifest, applyRoutes, files);
  const sized = [...files].map((file) => ({
    file,
    gzipped: gzipSync(readFileSync(join(WEB_DIST, file)), { level: 9 }).length,
  }));
  return { files: sized, gzipped: sized.reduce((sum, { gzipped }) => sum + gzipped, 0) };
}

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** `npm run build:web`: build, then print the applicant portal's first-load size against its budget. */
function main(): void {
  buildWeb();
  const load = applicantFirstLoad();
  console.log('\nApplicant portal, first load (gzipped):');
  for (const { file, gzipped } of load.files.sort((a, b) => b.gzipped - a.gzipped))
    console.log(`  ${kilobytes(gzipped).padStart(9)}  ${file}`);
  const verdict = load.gzipped <= APPLICANT_FIRST_LOAD_BUDGET ? 'within' : 'OVER';
  console.log(
    `  ${kilobytes(load.gzipped).padStart(9)}  total: ${verdict} the ${kilobytes(APPLICANT_FIRST_LOAD_BUDGET)} budget`,
  );
  if (verdict === 'OVER') process.exitCode = 1;
}

if (require.main === module) main();

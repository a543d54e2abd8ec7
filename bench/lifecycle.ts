/**
 * What one `npm run bench` run started, stopped in reverse order at the end (or on Ctrl-C), and the
 * benchmark's own output prefix.
 */
export const say = (message: string) => process.stdout.write(`[bench] ${message}\n`);

const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;

/** Registers `run` to stop something at the end; returns it so a phase may stop it earlier itself. */
export function onCleanUp<T>(name: string, run: () => Promise<T>): () => Promise<T | undefined> {
  let done: Promise<T> | undefined;
  const once = () => (done ??= run());
  cleanups.push({ name, run: once });
  return once;
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, run } of cleanups.reverse()) {
      await run().catch((error: Error) => say(`stopping ${name} failed: ${error.message}`));
    }
  })();
  return cleaning;
}

export function positiveEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive whole number`);
  return value;
}

/** Runs one phase and says how long it took (the default run must stay within about ten minutes). */
export async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await run();
  say(`${name} took ${Math.round((Date.now() - started) / 1000)} s`);
  return result;
}

/**
 * Runs a benchmark's `main`: Ctrl-C or its end stops what it started (in reverse order); a failure is
 * printed with `log` and exits 1. The native Temporal runtime and the pg pool may keep handles alive, so
 * the process exits explicitly once everything is stopped.
 */
export function runBenchmark(main: () => Promise<void>, log: (message: string) => void = say): void {
  process.once('SIGINT', () => {
    log('Interrupted; stopping what was started…');
    void cleanUp().then(() => process.exit(130));
  });
  main()
    .catch((error: unknown) => {
      log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    })
    .finally(async () => {
      await cleanUp();
      process.exit(process.exitCode ?? 0);
    });
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflows } from '@onething/temporal';

/**
 * Builds the workflow bundle into a file (the Docker image does it at build time, so a worker starts
 * without webpack and every replica runs exactly the same workflow code). The worker reads it through
 * TEMPORAL_WORKFLOW_BUNDLE. Usage: build-workflow-bundle.ts <output file>.
 */
async function main() {
  const output = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const started = Date.now();
  const { code } = await bundleWorkflows();
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, code);
  console.log(
    `workflow bundle: ${output} (${(code.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

// Time to validate, plan and compose the form of the largest sample definition.
// node -r ./tools/register.js bench/definition-validate.ts [runs]
import {
  composeForm,
  catalogValidationContext,
  planDefinition,
  validateDefinition,
} from '@onething/definition';
import { loadDemoCatalog } from '../libs/definition/src/node';

const runs = Number(process.argv[2] ?? 200);
const warmUp = 50;

function medianMicroseconds(task: () => unknown): { median: number; p95: number } {
  for (let index = 0; index < warmUp; index += 1) task();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = process.hrtime.bigint();
    task();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return {
    median: samples[Math.floor(samples.length / 2)] ?? 0,
    p95: samples[Math.floor(samples.length * 0.95)] ?? 0,
  };
}

const largest = loadDemoCatalog().reduce((a, b) => (b.source.length > a.source.length ? b : a));
const parsedObject = JSON.parse(JSON.stringify(largest.definition)) as unknown;

const figures = {
  'validate (YAML text)': medianMicroseconds(() =>
    validateDefinition(largest.source, catalogValidationContext),
  ),
  'validate (parsed object)': medianMicroseconds(() =>
    validateDefinition(parsedObject, catalogValidationContext),
  ),
  plan: medianMicroseconds(() => planDefinition(largest.definition)),
  'compose form': medianMicroseconds(() => composeForm(largest.definition)),
};

process.stdout.write(
  `definition-validate: ${largest.definition.key} (${largest.source.length} chars, ` +
    `${largest.definition.fields.length} fields, ${largest.definition.steps.length} steps), ${runs} runs after ${warmUp} warm-up\n`,
);
for (const [name, { median, p95 }] of Object.entries(figures)) {
  process.stdout.write(
    `  ${name.padEnd(26)} median ${(median / 1000).toFixed(3)} ms   p95 ${(p95 / 1000).toFixed(3)} ms\n`,
  );
}

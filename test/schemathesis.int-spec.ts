import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestStack, TestStack } from '@onething/testing';

/**
 * schemathesis (from PyPI; `bash tools/ensure-python-tools.sh` keeps its venv) fuzzes the API from its
 * served OpenAPI document on the real stack, with its standard checks: no 5xx, every answer's status,
 * content type and body as the document says. Bounded: a seeded, fixed number of cases per operation.
 */

const run = promisify(execFile);
const SEED = 20261130;
/** Cases per operation and phase: keeps the run to a few minutes on two cores. */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 15);

let stack: TestStack;
let schemathesis: string;

beforeAll(async () => {
  const { stdout } = await run('bash', ['tools/ensure-python-tools.sh']);
  schemathesis = `${stdout.trim()}/schemathesis`;
  stack = await startTestStack();
}, 600_000);

afterAll(() => stack?.close());

async function fuzz(authorization: string, extra: string[] = []) {
  const args = [
    '--config-file',
    join(__dirname, 'schemathesis.toml'),
    'run',
    `${stack.baseUrl}/docs/openapi.json`,
    '--header',
    `Authorization: ${authorization}`,
    '--phases',
    'examples,coverage,fuzzing',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    String(SEED),
    '--generation-database',
    'none',
    // One worker: schemathesis's generator threads race in CPython's compiler (it failed runs with
    // "SystemError: AST constructor recursion depth mismatch", an error of the tool, not of the API).
    '--workers',
    '1',
    '--no-color',
    // Every standard check but one: a request the document's JSON Schema allows may still be refused
    // (400 with a code) by rules JSON Schema cannot state — the text policy's character classes, password
    // rules, cross-field rules ("a department or a connector") — so "schema-valid request rejected" is
    // expected there; server errors, response schema, status code and content type are all checked.
    '--exclude-checks',
    'positive_data_acceptance',
    ...extra,
  ];
  const result = await run(schemathesis, args, {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 480_000,
    cwd: tmpdir(),
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  const cases = /(\d+) generated/.exec(result.stdout)?.[1];
  const report = join(tmpdir(), `schemathesis-${process.pid}-${Date.now()}.log`);
  await writeFile(report, result.stdout);
  // The figure the issue asks for: how many cases schemathesis ran, and its own tally line. Only that line:
  // schemathesis closes with a pytest-style banner ("== 4 warnings in 36 s ==") that a log reader would
  // take for a pytest run that executed nothing; the whole output is in the report file.
  const tally = /^\s*\d+ generated.*$/m.exec(result.stdout)?.[0]?.trim() ?? '(no tally line)';
  console.log(`schemathesis ran ${cases ?? '?'} test cases: ${tally} (full output: ${report})`);
  if (result.code !== 0) console.log(failuresOf(result.stdout)); // where CI shows them
  return { ...result, cases: Number(cases) };
}

/**
 * The failing operations and why, for the test log: from the first failure on, long lines (a reproducing
 * curl may hold a megabyte) cut short, and without schemathesis's pytest-style banners.
 */
function failuresOf(stdout: string): string {
  const lines = stdout
    .split('\n')
    .filter((line) => !/^=+ .* =+$/.test(line))
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line));
  const first = lines.findIndex((line) => /^_{3,} \S/.test(line));
  return lines.slice(Math.max(0, first), Math.max(0, first) + 150).join('\n');
}

it('finds no server error and no schema violation as an administrator', async () => {
  const { code, cases, stdout } = await fuzz(`Bearer ${(await stack.login('administrator')).accessToken}`);
  expect(stdout).not.toMatch(/Server error/);
  expect(cases).toBeGreaterThan(100);
  expect(code).toBe(0);
}, 600_000);

it('finds no server error and no schema violation as a department worker on the worklist and cases', async () => {
  const { code, cases, stdout } = await fuzz(
    `Bearer ${(await stack.login('department_worker')).accessToken}`,
    ['--include-path-regex', '^/(tasks|cases|me)'],
  );
  expect(stdout).not.toMatch(/Server error/);
  expect(cases).toBeGreaterThan(50);
  expect(code).toBe(0);
}, 600_000);

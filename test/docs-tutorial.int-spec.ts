import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoIdentity } from '@onething/auth';
import { startTestStack, TEST_PASSWORD, type TestStack } from '@onething/testing';
import { readRunBlocks, runPage } from './support/doc-commands';

// The tutorial and the getting-started walkthrough, run as written: their marked bash blocks in one shell,
// in order, against the real stack (API, worker, Temporal, PostgreSQL, simulated departments). The
// environment stands in for what the reader is told to set: the API's address and the demo password.
// DOCS_PRINT_OUTPUT=1 prints each block's output (to refresh the outputs shown on the pages).

const REPOSITORY = join(__dirname, '..');
const page = (path: string) => join(REPOSITORY, 'docs', path);

describe('documentation commands', () => {
  let stack: TestStack;
  let workDir: string;

  beforeAll(async () => {
    stack = await startTestStack();
    // `npm start` seeds one demo person per role with a fresh password; the walkthrough signs in as them.
    await seedDemoIdentity(stack.dataSource, { password: TEST_PASSWORD });
    workDir = mkdtempSync(join(tmpdir(), 'onething-docs-'));
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const environment = () => ({
    API: stack.baseUrl,
    PASSWORD: TEST_PASSWORD,
    ADMIN_USER: stack.accounts.administrator.username,
    ONETHING_REPO: REPOSITORY,
    TUTORIAL_DIR: join(workDir, 'tutorial'),
    TEMPORAL_ADDRESS: stack.config.temporal.address!,
  });
  const print = process.env.DOCS_PRINT_OUTPUT === '1';

  it('runs the tutorial from an empty file to a published version with a decided case', async () => {
    const blocks = readRunBlocks(page('tutorial/first-one-thing.md'));
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    const results = await runPage(blocks, { cwd: REPOSITORY, env: environment(), print });
    expect(results).toHaveLength(blocks.length);
  }, 300_000);

  it('has the same commands in the zh-CN tutorial', () => {
    const english = readRunBlocks(page('tutorial/first-one-thing.md'));
    const chinese = readRunBlocks(page('zh-CN/tutorial/first-one-thing.md'));
    expect(chinese.map((block) => block.code)).toEqual(english.map((block) => block.code));
  });

  it("runs getting started's case end to end", async () => {
    const blocks = readRunBlocks(page('getting-started.md'));
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const results = await runPage(blocks, { cwd: REPOSITORY, env: environment(), print });
    expect(results).toHaveLength(blocks.length);
  }, 300_000);
});

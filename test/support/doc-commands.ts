import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The runnable commands of a documentation page: each ```bash block right after a
 * `<!-- run {"expect": [...], "exit": n} -->` comment (invisible on the site). `expect` lists text the
 * block's output must contain; `exit` is its expected status (default 0).
 */
export interface RunBlock {
  line: number;
  code: string;
  expect: string[];
  exit: number;
}

const MARKER = /^<!-- run (\{.*\}) -->$/;

export function readRunBlocks(file: string): RunBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: RunBlock[] = [];
  lines.forEach((text, index) => {
    const marker = MARKER.exec(text.trim());
    if (!marker) return;
    // The formatter may put a blank line between the marker and its block.
    const fence = lines.findIndex((candidate, at) => at > index && candidate.trim() !== '');
    if (lines[fence]?.trim() !== '```bash')
      throw new Error(`${file}:${index + 1}: a run marker must be followed by a \`\`\`bash block`);
    const end = lines.findIndex((candidate, at) => at > fence && candidate.trim() === '```');
    if (end < 0) throw new Error(`${file}:${fence + 1}: unclosed code block`);
    const options = JSON.parse(marker[1]) as { expect?: string[]; exit?: number };
    blocks.push({
      line: fence + 1,
      code: lines.slice(fence + 1, end).join('\n'),
      expect: options.expect ?? [],
      exit: options.exit ?? 0,
    });
  });
  return blocks;
}

export interface BlockResult {
  output: string;
  exitCode: number;
}

const DONE = '__ONETHING_DOC_BLOCK_DONE__';

/**
 * One bash session for a whole page, so variables, functions and `cd` carry from block to block as they
 * do for a reader typing them into one terminal. Each block's stdout and stderr come back together.
 */
export class DocShell {
  private readonly shell: ChildProcessWithoutNullStreams;
  private buffer = '';
  private waiting?: (result: BlockResult) => void;

  constructor(options: { cwd: string; env: Record<string, string> }) {
    this.shell = spawn('bash', ['--noprofile', '--norc'], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
    });
    this.shell.stdout.setEncoding('utf8');
    this.shell.stdout.on('data', (chunk: string) => this.receive(chunk));
  }

  run(block: RunBlock, timeoutMs: number): Promise<BlockResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`block at line ${block.line} did not finish in ${timeoutMs} ms:\n${this.buffer}`));
      }, timeoutMs);
      this.waiting = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
      this.shell.stdin.write(`{\n${block.code}\n} 2>&1\necho "${DONE} $?"\n`);
    });
  }

  close(): void {
    this.shell.stdin.end();
    this.shell.kill();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    const match = new RegExp(`${DONE} (\\d+)\\n`).exec(this.buffer);
    if (!match || !this.waiting) return;
    const output = this.buffer.slice(0, match.index);
    this.buffer = this.buffer.slice(match.index + match[0].length);
    const done = this.waiting;
    this.waiting = undefined;
    done({ output, exitCode: Number(match[1]) });
  }
}

/** Runs a page's blocks in order, failing at the first block whose status or output is not as documented. */
export async function runPage(
  blocks: readonly RunBlock[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number; print?: boolean },
): Promise<BlockResult[]> {
  const shell = new DocShell(options);
  const results: BlockResult[] = [];
  try {
    for (const block of blocks) {
      const result = await shell.run(block, options.timeoutMs ?? 90_000);
      if (options.print)
        process.stdout.write(`--- line ${block.line} (exit ${result.exitCode})\n${result.output}`);
      const missing = block.expect.filter((text) => !result.output.includes(text));
      if (result.exitCode !== block.exit || missing.length > 0)
        throw new Error(
          `block at line ${block.line} exited ${result.exitCode} (expected ${block.exit})` +
            (missing.length ? `, output lacks ${JSON.stringify(missing)}` : '') +
            `:\n${result.output}`,
        );
      results.push(result);
    }
  } finally {
    shell.close();
  }
  return results;
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The README is the front door: two screens, and everything it tells a reader to run exists. Its commands
// are npm's own (`ci`, which needs the lockfile) or this package's scripts; `npm test` is what CI runs, and
// the getting-started walkthrough and the tutorial run in test/docs-tutorial.int-spec.ts.

const REPOSITORY = join(__dirname, '..');
const readme = readFileSync(join(REPOSITORY, 'README.md'), 'utf8');
const scripts = (
  JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

function npmCommands(): string[][] {
  const fenced = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((block) => block[1]);
  const inline = [...readme.matchAll(/`(npm [^`]+)`/g)].map((match) => match[1]);
  return [...fenced.flatMap((block) => block.split('\n')), ...inline]
    .flatMap((line) => line.replace(/#.*$/, '').split('&&'))
    .map((command) => command.trim().split(/\s+/))
    .filter((words) => words[0] === 'npm');
}

describe('README.md', () => {
  it('fits on two screens', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(60);
  });

  it('only names npm commands that exist', () => {
    const commands = npmCommands();
    expect(commands.map((words) => words.join(' '))).toEqual(
      expect.arrayContaining(['npm ci', 'npm start', 'npm test']),
    );
    for (const [, command, name] of commands) {
      if (command === 'ci') expect(existsSync(join(REPOSITORY, 'package-lock.json'))).toBe(true);
      else if (command === 'run') expect(scripts).toHaveProperty([name]);
      else expect(scripts).toHaveProperty([command]);
    }
  });

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)]
      .map((match) => match[1])
      .filter((link) => !/^https?:/.test(link));
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((link) => !existsSync(join(dirname(join(REPOSITORY, 'README.md')), link)))).toEqual(
      [],
    );
  });
});

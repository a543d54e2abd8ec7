// npm run docs:generate: rewrites the generated reference pages from the code they describe.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedPages, REPOSITORY } from './generated-pages';

function main(): void {
  for (const [path, text] of generatedPages()) {
    mkdirSync(dirname(join(REPOSITORY, path)), { recursive: true });
    writeFileSync(join(REPOSITORY, path), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}

main();

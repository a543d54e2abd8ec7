// onething CLI: node -r ./tools/register.js apps/cli/src/main.ts definitions validate <file...>
import { runDefinitionsCommand } from './definitions-command';

const result = runDefinitionsCommand(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;

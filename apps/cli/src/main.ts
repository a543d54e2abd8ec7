// onething CLI: node -r ./tools/register.js apps/cli/src/main.ts definitions validate <file...>
import { loadConfigFromProcess } from '@onething/config';
import { readFirstLine, runUsersCommand } from './users-command';
import { runDefinitionsCommand } from './definitions-command';
import { runKeysCommand } from './keys-command';
import { runConnectorsCommand } from './connectors-command';

const argv = process.argv.slice(2);
if (argv[0] === 'users') {
  // `users` talks to the database directly, so it reads the one validated config.
  void runUsersCommand(argv, {
    config: loadConfigFromProcess(),
    readPassword: () => readFirstLine(process.stdin),
  }).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  });
} else if (argv[0] === 'connectors') {
  void runConnectorsCommand(argv, {
    ONETHING_API_URL: process.env.ONETHING_API_URL,
    ONETHING_TOKEN: process.env.ONETHING_TOKEN,
    ONETHING_CONNECTOR_SECRET: process.env.ONETHING_CONNECTOR_SECRET,
  }).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  });
} else if (argv[0] === 'keys') {
  void runKeysCommand(argv).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  });
} else {
  // The entry point is the one place the CLI reads the environment.
  void runDefinitionsCommand(process.argv.slice(2), {
    ONETHING_API_URL: process.env.ONETHING_API_URL,
    ONETHING_TOKEN: process.env.ONETHING_TOKEN,
  }).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  });
}

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningJwk } from '@onething/auth';
import { generatePayloadKeyFile } from '@onething/codec';
import type { CommandResult } from './command-result';

const USAGE = 'usage: onething keys generate --dir <directory>\n';

/**
 * `onething keys generate --dir D`: the token signing keys (D/signing-keys.json, a private JWKS) and the
 * payload encryption keys (D/payload-keys.json), each written only if it does not exist yet, so a
 * deployment can run it at every start (docker-compose does) without ever replacing a key in use.
 */
export async function runKeysCommand(argv: string[]): Promise<CommandResult> {
  const dirIndex = argv.indexOf('--dir');
  const dir = dirIndex >= 0 ? argv[dirIndex + 1] : undefined;
  if (argv[1] !== 'generate' || !dir) return { exitCode: 2, stdout: '', stderr: USAGE };
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  const signing = join(dir, 'signing-keys.json');
  if (existsSync(signing)) lines.push(`kept ${signing}`);
  else {
    writeFileSync(signing, JSON.stringify({ keys: [await generateSigningJwk()] }, null, 2), { mode: 0o600 });
    lines.push(`wrote ${signing}`);
  }
  const payload = join(dir, 'payload-keys.json');
  if (existsSync(payload)) lines.push(`kept ${payload}`);
  else {
    writeFileSync(payload, JSON.stringify(generatePayloadKeyFile(), null, 2), { mode: 0o600 });
    lines.push(`wrote ${payload}`);
  }
  return { exitCode: 0, stdout: lines.join('\n') + '\n', stderr: '' };
}

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningJwk } from '@onething/auth';
import { generatePayloadKeyFile } from '@onething/codec';
import type { CommandResult } from './command-result';

const USAGE = 'usage: onething keys generate --dir <directory>\n';

/**
 * `onething keys generate --dir D`: the token signing keys (D/signing-keys.json, a private JWKS), the
 * payload encryption keys (D/payload-keys.json) and the result signing key (D/result-signing-keys.json,
 * an Ed25519 JWKS), each written only if it does not exist yet, so a
 * deployment can run it at every start (docker-compose does) without ever replacing a key in use.
 */
export async function runKeysCommand(argv: string[]): Promise<CommandResult> {
  const dirIndex = argv.indexOf('--dir');
  const dir = dirIndex >= 0 ? argv[dirIndex + 1] : undefined;
  if (argv[1] !== 'generate' || !dir) return { exitCode: 2, stdout: '', stderr: USAGE };
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  const writeOnce = async (name: string, content: () => Promise<unknown>) => {
    const path = join(dir, name);
    if (existsSync(path)) return lines.push(`kept ${path}`);
    writeFileSync(path, JSON.stringify(await content(), null, 2), { mode: 0o600 });
    return lines.push(`wrote ${path}`);
  };
  await writeOnce('signing-keys.json', async () => ({ keys: [await generateSigningJwk()] }));
  await writeOnce('payload-keys.json', () => Promise.resolve(generatePayloadKeyFile()));
  await writeOnce('result-signing-keys.json', async () => ({ keys: [await generateSigningJwk('EdDSA')] }));
  return { exitCode: 0, stdout: lines.join('\n') + '\n', stderr: '' };
}

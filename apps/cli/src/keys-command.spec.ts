import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPayloadKeys } from '@onething/codec';
import { runKeysCommand } from './keys-command';

describe('onething keys generate', () => {
  it('writes a private signing JWKS and a payload key file once, and keeps them on a second run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onething-keys-'));
    const first = await runKeysCommand(['keys', 'generate', '--dir', dir]);
    expect(first.exitCode).toBe(0);
    const signing = readFileSync(join(dir, 'signing-keys.json'), 'utf8');
    expect((JSON.parse(signing) as { keys: { d?: string; kid?: string }[] }).keys[0]).toMatchObject({
      d: expect.any(String),
      kid: expect.any(String),
    });
    expect(loadPayloadKeys(join(dir, 'payload-keys.json')).keys.size).toBe(1);
    const results = JSON.parse(readFileSync(join(dir, 'result-signing-keys.json'), 'utf8')) as {
      keys: { alg?: string; crv?: string; d?: string }[];
    };
    expect(results.keys[0]).toMatchObject({ alg: 'EdDSA', crv: 'Ed25519', d: expect.any(String) });
    const second = await runKeysCommand(['keys', 'generate', '--dir', dir]);
    expect(second.stdout).toContain('kept');
    expect(readFileSync(join(dir, 'signing-keys.json'), 'utf8')).toBe(signing);
  });

  it('answers a usage error with exit code 2', async () => {
    expect((await runKeysCommand(['keys', 'generate'])).exitCode).toBe(2);
  });
});

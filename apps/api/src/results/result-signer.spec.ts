import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningJwk } from '@onething/auth';
import { loadConfig } from '@onething/config';
import { canonicalJson, presentedCanonicalJson, ResultSigner } from './result-signer';

const document = { resultId: 'r1', decision: 'approved', title: { 'zh-CN': '人才引进一件事', en: 'Talent' } };

/** The same text with the byte at `index` changed (an ASCII character swapped for another). */
function changeByte(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('result signatures', () => {
  let signer: ResultSigner;
  beforeAll(async () => {
    const jwk = await generateSigningJwk('EdDSA');
    signer = await ResultSigner.load(loadConfig({ RESULT_SIGNING_KEYS: JSON.stringify({ keys: [jwk] }) }));
  });

  it('signs the canonical JSON with a detached JWS that verifies', async () => {
    const canonical = canonicalJson(document);
    expect(canonical).toBe(canonicalJson({ title: document.title, decision: 'approved', resultId: 'r1' }));
    const signature = await signer.sign(canonical);
    expect(signature).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    expect(await signer.verify(canonical, signature)).toBe(true);
  });

  it('refuses every one-byte change of the document and of the signature', async () => {
    const canonical = canonicalJson(document);
    const signature = await signer.sign(canonical);
    for (let i = 0; i < canonical.length; i += 1) {
      if (canonical.charCodeAt(i) > 127) continue;
      expect(await signer.verify(changeByte(canonical, i), signature)).toBe(false);
    }
    for (let i = 0; i < signature.length; i += 1) {
      expect(await signer.verify(canonical, changeByte(signature, i))).toBe(false);
    }
  });

  it('has no canonical JSON for a number parsing made infinite, so such a document never verifies', () => {
    const parsed = JSON.parse('{"resultId":"r1","n":1e400}') as unknown;
    expect(presentedCanonicalJson(parsed)).toBeUndefined();
    expect(presentedCanonicalJson(document)).toBe(canonicalJson(document));
  });

  it('refuses a signature by another key and one with its payload attached', async () => {
    const canonical = canonicalJson(document);
    const other = await ResultSigner.load(
      loadConfig({ RESULT_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningJwk('EdDSA')] }) }),
    );
    expect(await signer.verify(canonical, await other.sign(canonical))).toBe(false);
    const [header, , value] = (await signer.sign(canonical)).split('.');
    const attached = `${header}.${Buffer.from(canonical).toString('base64url')}.${value}`;
    expect(await signer.verify(canonical, attached)).toBe(false);
  });

  it('generates one development key into the data folder and keeps it; production requires keys', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onething-results-'));
    const first = await ResultSigner.load(loadConfig({ DATA_DIR: dataDir }));
    const stored = readFileSync(join(dataDir, 'keys', 'result-signing.jwks.json'), 'utf8');
    const second = await ResultSigner.load(loadConfig({ DATA_DIR: dataDir }));
    const canonical = canonicalJson(document);
    expect(await second.verify(canonical, await first.sign(canonical))).toBe(true);
    expect(readFileSync(join(dataDir, 'keys', 'result-signing.jwks.json'), 'utf8')).toBe(stored);
    expect(first.publicJwks.keys[0]).not.toHaveProperty('d');
    await expect(
      ResultSigner.load(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })),
    ).rejects.toThrow(/RESULT_SIGNING_KEYS is required/);
  });
});

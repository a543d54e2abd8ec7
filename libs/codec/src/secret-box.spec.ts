import { generatePayloadKeyFile } from './payload-keys';
import { secretBoxFor } from './secret-box';

describe('SecretBox', () => {
  const keys = JSON.stringify(generatePayloadKeyFile('k1'));

  it('seals a secret so the stored form does not contain it, and opens it again', () => {
    const box = secretBoxFor(keys);
    const sealed = box.seal('s3cr3t-token', 'connector:credit');
    expect(sealed).toMatch(/^v1:k1:/);
    expect(sealed).not.toContain('s3cr3t-token');
    expect(Buffer.from(sealed.split(':')[2], 'base64').toString('latin1')).not.toContain('s3cr3t');
    expect(box.open(sealed, 'connector:credit')).toBe('s3cr3t-token');
  });

  it('refuses a ciphertext moved to another context or changed', () => {
    const box = secretBoxFor(keys);
    const sealed = box.seal('s3cr3t-token', 'connector:credit');
    expect(() => box.open(sealed, 'connector:tax-registry')).toThrow();
    const bytes = Buffer.from(sealed.split(':')[2], 'base64');
    bytes[14] ^= 1;
    expect(() => box.open(`v1:k1:${bytes.toString('base64')}`, 'connector:credit')).toThrow();
  });

  it('opens secrets sealed with a retired key while sealing with the current one', () => {
    const old = generatePayloadKeyFile('old');
    const sealed = secretBoxFor(JSON.stringify(old)).seal('x', 'c');
    const rotated = { current: 'new', keys: { ...old.keys, ...generatePayloadKeyFile('new').keys } };
    const box = secretBoxFor(JSON.stringify(rotated));
    expect(box.open(sealed, 'c')).toBe('x');
    expect(box.seal('y', 'c')).toMatch(/^v1:new:/);
  });

  it('uses one fixed development key when no payload keys are configured', () => {
    const sealed = secretBoxFor(undefined).seal('x', 'c');
    expect(secretBoxFor(undefined).open(sealed, 'c')).toBe('x');
  });
});

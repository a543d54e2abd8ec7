import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import { generatePayloadKeyFile, loadPayloadKeys } from './payload-keys';

const ring = (file = generatePayloadKeyFile('k1')) => loadPayloadKeys(JSON.stringify(file));
const payload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('EncryptionCodec', () => {
  it('round-trips a payload and leaves nothing readable in the encrypted form', async () => {
    const codec = new EncryptionCodec(ring());
    const [encrypted] = await codec.encode([payload({ residentId: '11010519491231002X' })]);
    expect(text(encrypted.data)).not.toContain('11010519491231002X');
    expect(text(encrypted.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(encrypted.metadata!['encryption-key-id'])).toBe('k1');
    const [decoded] = await codec.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ residentId: '11010519491231002X' });
  });

  it('refuses a tampered payload', async () => {
    const codec = new EncryptionCodec(ring());
    const [encrypted] = await codec.encode([payload('hello')]);
    encrypted.data![20] = encrypted.data![20] ^ 1;
    await expect(codec.decode([encrypted])).rejects.toThrow();
  });

  it('keeps payloads of a retired key readable after rotation, and encrypts new ones with the new key', async () => {
    const old = generatePayloadKeyFile('old');
    const [written] = await new EncryptionCodec(ring(old)).encode([payload(42)]);
    const rotated = { current: 'new', keys: { ...old.keys, ...generatePayloadKeyFile('new').keys } };
    const codec = new EncryptionCodec(ring(rotated));
    expect(defaultPayloadConverter.fromPayload((await codec.decode([written]))[0])).toBe(42);
    const [fresh] = await codec.encode([payload(43)]);
    expect(text(fresh.metadata!['encryption-key-id'])).toBe('new');
  });

  it('names a missing key instead of returning garbage', async () => {
    const [written] = await new EncryptionCodec(ring(generatePayloadKeyFile('gone'))).encode([payload(1)]);
    await expect(new EncryptionCodec(ring()).decode([written])).rejects.toThrow(/No payload key "gone"/);
  });

  it('passes through payloads written before encryption was turned on', async () => {
    const plain = payload({ a: 1 });
    expect(await new EncryptionCodec(ring()).decode([plain])).toEqual([plain]);
  });

  it('rejects a key file whose current key is missing or whose keys are not 32 bytes', () => {
    expect(() => loadPayloadKeys(JSON.stringify({ current: 'x', keys: {} }))).toThrow(/current key/);
    expect(() => loadPayloadKeys(JSON.stringify({ current: 'x', keys: { x: 'c2hvcnQ=' } }))).toThrow(
      /32 bytes/,
    );
  });
});

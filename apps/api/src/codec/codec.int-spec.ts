import { defaultPayloadConverter } from '@temporalio/common';
import { encodeErrorToFailure, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { projectDataConverter } from '@onething/codec';
import { startTestStack, TestStack } from '@onething/testing';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
});
afterAll(async () => {
  await stack.close();
});

const post = async (path: string, body: unknown, role: 'administrator' | 'auditor' = 'administrator') => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: await stack.headers(role),
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

it('encrypts payloads and decodes them back for the Temporal Web UI', async () => {
  const plain = defaultPayloadConverter.toPayload({ residentId: '11010519491231002X' });
  const json = {
    metadata: Object.fromEntries(
      Object.entries(plain.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(plain.data!).toString('base64'),
  };
  const encoded = await post('/codec/encode', { payloads: [json] });
  expect(encoded.status).toBe(200);
  expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(
    'binary/encrypted',
  );
  expect(Buffer.from(encoded.body.payloads[0].data, 'base64').toString()).not.toContain('11010519491231002X');
  const decoded = await post('/codec/decode', encoded.body, 'auditor');
  expect(decoded.status).toBe(200);
  expect(decoded.body.payloads[0]).toEqual(json);
});

it('answers 400 with the path for payloads that are not base64, and for a tampered one', async () => {
  expect(await post('/codec/decode', { payloads: [{ data: '***' }] })).toMatchObject({
    status: 400,
    body: { code: 'VALIDATION_FAILED', path: 'payloads.0.data' },
  });
  const tampered = {
    metadata: {
      encoding: Buffer.from('binary/encrypted').toString('base64'),
      'encryption-key-id': Buffer.from('nope').toString('base64'),
    },
    data: 'AAAA',
  };
  expect(await post('/codec/decode', { payloads: [tampered] })).toMatchObject({
    status: 400,
    body: { path: 'payloads' },
  });
});

it('decodes the encrypted message and stack trace of a failure for the Web UI, as an ordinary payload', async () => {
  // A failure as a worker of this deployment writes it into history.
  const converter = loadDataConverter(projectDataConverter(stack.config.temporal.payloadKeys));
  const failure = await encodeErrorToFailure(
    converter,
    new Error('the department refused 11010519491231002X'),
  );
  expect(failure.message).toBe('Encoded failure');
  const attributes = failure.encodedAttributes!;
  const json = {
    metadata: Object.fromEntries(
      Object.entries(attributes.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(attributes.data!).toString('base64'),
  };
  expect(Buffer.from(json.data, 'base64').toString()).not.toContain('11010519491231002X');
  const decoded = await post('/codec/decode', { payloads: [json] }, 'auditor');
  expect(decoded.status).toBe(200);
  const { message, stack_trace } = JSON.parse(
    Buffer.from(decoded.body.payloads[0].data, 'base64').toString('utf8'),
  ) as { message: string; stack_trace: string };
  expect(message).toBe('the department refused 11010519491231002X');
  expect(stack_trace).toMatch(/^Error: the department refused/);
});

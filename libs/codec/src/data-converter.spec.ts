import { ApplicationFailure, defaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import {
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import { decodeRawFailure, projectDataConverter } from './data-converter';
import { generatePayloadKeyFile } from './payload-keys';

const keys = JSON.stringify(generatePayloadKeyFile('k1'));
const converter = () => loadDataConverter(projectDataConverter(keys));
const bytesAsText = (failure: unknown) =>
  JSON.stringify(failure, (_key, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value,
  );

describe('projectDataConverter', () => {
  it('encrypts failure messages and stack traces, and decodes them back', async () => {
    const loaded = converter();
    const error = ApplicationFailure.nonRetryable('refused 11010519491231002X', 'Refused');
    const failure = await encodeErrorToFailure(loaded, error);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(bytesAsText(failure)).not.toContain('11010519491231002X');
    expect(Buffer.from(failure.encodedAttributes!.metadata!['encoding']).toString()).toBe('binary/encrypted');

    const decoded = await decodeOptionalFailureToOptionalError(loaded, failure);
    expect(decoded).toBeInstanceOf(ApplicationFailure);
    expect(decoded).toMatchObject({
      message: 'refused 11010519491231002X',
      type: 'Refused',
      nonRetryable: true,
    });
    expect(decoded!.stack).toContain('refused 11010519491231002X');
    // The same for a failure read raw, e.g. an activity's lastFailure in describe().
    expect(await decodeRawFailure(keys, failure)).toMatchObject({ message: 'refused 11010519491231002X' });
  });

  it('still reads failures written in the clear before', async () => {
    const plain = defaultFailureConverter.errorToFailure(
      new Error('an old failure'),
      defaultPayloadConverter,
    );
    expect(await decodeOptionalFailureToOptionalError(converter(), plain)).toMatchObject({
      message: 'an old failure',
    });
  });
});

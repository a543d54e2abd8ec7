import { findAttachment } from './downloads.service';

const sha256 = 'a'.repeat(64);
const file = { name: '合同.pdf', contentType: 'application/pdf', sizeBytes: 10 };

describe('finding a file in a task’s contract data', () => {
  it("names the attachment field that holds the file's reference", () => {
    expect(
      findAttachment({ fullName: '张三', laborContract: [{ ref: `sha256:${sha256}`, ...file }] }, sha256),
    ).toEqual({ fieldId: 'laborContract', attachment: { ref: `sha256:${sha256}`, ...file } });
  });

  it("finds a step output's document by its hash", () => {
    expect(findAttachment({ 'steps.review.outputs.certificate': { sha256, ...file } }, sha256)?.fieldId).toBe(
      'steps.review.outputs.certificate',
    );
  });

  it('finds nothing the data does not hold, nor a reference without its facts', () => {
    expect(
      findAttachment(
        { fullName: sha256, laborContract: [{ ref: `sha256:${'b'.repeat(64)}`, ...file }] },
        sha256,
      ),
    ).toBeUndefined();
    expect(findAttachment({ laborContract: [{ ref: `sha256:${sha256}` }] }, sha256)).toBeUndefined();
  });
});

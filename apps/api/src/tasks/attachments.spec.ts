import { attachmentsOf } from './attachments';

const certificate = {
  ref: `sha256:${'a'.repeat(64)}`,
  name: 'marriage.pdf',
  contentType: 'application/pdf',
  sizeBytes: 1234,
};

describe("a task's attachments", () => {
  it("lists the references of the contract's attachment fields, named by field, and nothing else", () => {
    const data = { fullName: '李四', certificate: [certificate], photos: [] };
    expect(attachmentsOf(['certificate', 'photos'], data)).toEqual([
      { field: 'certificate', ...certificate },
    ]);
    // A text field of the contract is not an attachment, whatever it holds.
    expect(attachmentsOf([], data)).toEqual([]);
  });

  it('skips a field missing from the data and items without a reference', () => {
    expect(attachmentsOf(['certificate'], {})).toEqual([]);
    expect(attachmentsOf(['certificate'], { certificate: [{ name: 'x' }, null] })).toEqual([]);
  });
});

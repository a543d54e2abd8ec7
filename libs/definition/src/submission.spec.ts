import { loadDemoCatalog } from './catalog';
import {
  attachmentReferences,
  SubmissionErrorCode,
  validateSubmission,
  withStoredAttachmentFacts,
} from './submission';

const catalog = loadDemoCatalog();
const settlement = catalog.find((entry) => entry.definition.key === 'talent-settlement')!.definition;
const permit = catalog.find((entry) => entry.definition.key === 'foreign-talent-work-permit')!.definition;
const today = { today: '2026-01-15' };
const attachment = {
  ref: `sha256:${'a'.repeat(64)}`,
  name: 'contract.pdf',
  contentType: 'application/pdf',
  sizeBytes: 1000,
};
const address = { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园1号' };

const validSubmission = {
  fullName: '张三',
  residentId: '11010519491231002x',
  mobile: '13812345678',
  talentCategory: 'b',
  employer: 'Acme',
  laborContract: [attachment],
  settlementAddress: address,
  bankAccount: '6222020200112233445',
  hasChildren: false,
};

describe('validateSubmission', () => {
  it('accepts a complete submission and normalizes the resident ID', () => {
    const result = validateSubmission(settlement, validSubmission, today);
    expect(result.ok && result.data['residentId']).toBe('11010519491231002X');
  });

  it('reports every problem with a code and a path', () => {
    const result = validateSubmission(
      settlement,
      {
        ...validSubmission,
        residentId: '110105194912310021',
        mobile: '12345',
        talentCategory: 'z',
        laborContract: [{ ...attachment, contentType: 'text/html' }],
        currentHousehold: address,
        bankAccount: undefined,
      },
      today,
    );
    expect(!result.ok && result.errors.map((error) => [error.code, error.path.join('.')])).toEqual(
      expect.arrayContaining([
        [SubmissionErrorCode.InvalidResidentId, 'residentId'],
        [SubmissionErrorCode.InvalidPhone, 'mobile'],
        [SubmissionErrorCode.NotAnOption, 'talentCategory'],
        [SubmissionErrorCode.AttachmentNotAccepted, 'laborContract.0'],
        [SubmissionErrorCode.Required, 'bankAccount'],
        // Prefilled data is fetched, never accepted from the applicant.
        [SubmissionErrorCode.UnknownField, 'currentHousehold'],
      ]),
    );
  });

  it('checks dates are real and, where asked, not in the future', () => {
    const base = {
      fullName: 'Ann Lee',
      passportNumber: 'E1234567',
      nationality: 'SG',
      mobile: '13812345678',
      employer: 'Acme',
      position: 'Engineer',
      talentClass: 'a',
      degreeCertificate: [attachment],
      noCriminalRecord: [attachment],
      healthCertificate: [attachment],
      employmentContract: [attachment],
      residenceAddress: address,
      needsResidencePermit: true,
    };
    expect(validateSubmission(permit, { ...base, dateOfBirth: '1990-02-28' }, today).ok).toBe(true);
    const impossible = validateSubmission(permit, { ...base, dateOfBirth: '1990-02-30' }, today);
    expect(!impossible.ok && impossible.errors[0]).toMatchObject({
      code: SubmissionErrorCode.InvalidDate,
      path: ['dateOfBirth'],
    });
    const future = validateSubmission(permit, { ...base, dateOfBirth: '2030-01-01' }, today);
    expect(!future.ok && future.errors[0]).toMatchObject({
      code: SubmissionErrorCode.DateInFuture,
      message: { en: 'The date must not be in the future' },
    });
  });
});

describe('the text policy in the application form', () => {
  const codeAt = (values: Record<string, unknown>, path: string) => {
    const result = validateSubmission(settlement, { ...validSubmission, ...values }, today);
    return result.ok ? undefined : result.errors.find((error) => error.path.join('.') === path)?.code;
  };

  it('refuses a whitespace-only name at submission, before any department sees it', () => {
    expect(codeAt({ fullName: ' \u3000 ' }, 'fullName')).toBe(SubmissionErrorCode.Blank);
    expect(codeAt({ settlementAddress: { ...address, detail: '   ' } }, 'settlementAddress.detail')).toBe(
      SubmissionErrorCode.Blank,
    );
  });

  it('refuses NUL, lone surrogates, zero-width and bidi characters, with a precise message', () => {
    expect(codeAt({ fullName: '张\u0000三' }, 'fullName')).toBe(SubmissionErrorCode.ControlCharacter);
    expect(codeAt({ employer: 'Acme\ud800' }, 'employer')).toBe(SubmissionErrorCode.LoneSurrogate);
    expect(codeAt({ fullName: '张\u200b三' }, 'fullName')).toBe(SubmissionErrorCode.InvisibleCharacter);
    const result = validateSubmission(settlement, { ...validSubmission, fullName: '张\u202e三' }, today);
    expect(!result.ok && result.errors[0].message).toEqual({
      'zh-CN': '含有不可见或改变文字方向的字符（U+202E，第 2 个字符）',
      en: 'contains an invisible or direction-changing character (U+202E, position 2)',
    });
  });

  it('gives every text field a default maximum, address parts and file names included', () => {
    expect(codeAt({ employer: 'a'.repeat(201) }, 'employer')).toBe(SubmissionErrorCode.TooLong);
    const megabyte = 'a'.repeat(1024 * 1024);
    expect(codeAt({ settlementAddress: { ...address, detail: megabyte } }, 'settlementAddress.detail')).toBe(
      SubmissionErrorCode.TooLong,
    );
    expect(codeAt({ laborContract: [{ ...attachment, name: megabyte }] }, 'laborContract.0.name')).toBe(
      SubmissionErrorCode.TooLong,
    );
  });

  it('stores answers trimmed', () => {
    const result = validateSubmission(settlement, { ...validSubmission, fullName: '  张三 ' }, today);
    expect(result.ok && result.data['fullName']).toBe('张三');
  });
  describe("with the stored facts of the submitter's uploads", () => {
    const stored = new Map([[attachment.ref, { contentType: 'application/pdf', sizeBytes: 4321 }]]);

    it("takes the type and size from the stored upload, not from the client's claim", () => {
      const result = validateSubmission(
        settlement,
        { ...validSubmission, laborContract: [{ ...attachment, contentType: 'image/png', sizeBytes: 1 }] },
        { ...today, attachments: stored },
      );
      expect(result.ok && result.data['laborContract']).toEqual([
        { ref: attachment.ref, name: 'contract.pdf', contentType: 'application/pdf', sizeBytes: 4321 },
      ]);
    });

    it('accepts a reference and a name alone', () => {
      const result = validateSubmission(
        settlement,
        { ...validSubmission, laborContract: [{ ref: attachment.ref, name: 'contract.pdf' }] },
        { ...today, attachments: stored },
      );
      expect(result.ok).toBe(true);
    });

    it('refuses a reference that is not among them, at its path', () => {
      const result = validateSubmission(
        settlement,
        { ...validSubmission, laborContract: [{ ...attachment, ref: `sha256:${'b'.repeat(64)}` }] },
        { ...today, attachments: stored },
      );
      expect(!result.ok && result.errors.map((error) => [error.code, error.path.join('.')])).toEqual([
        [SubmissionErrorCode.AttachmentUnknown, 'laborContract.0.ref'],
      ]);
    });

    it('refuses a stored upload whose real type or size the field does not accept', () => {
      for (const facts of [
        { contentType: 'image/gif', sizeBytes: 10 },
        { contentType: 'application/pdf', sizeBytes: 20 * 1024 * 1024 },
      ]) {
        const result = validateSubmission(settlement, validSubmission, {
          ...today,
          attachments: new Map([[attachment.ref, facts]]),
        });
        expect(!result.ok && result.errors.map((error) => error.code)).toEqual([
          SubmissionErrorCode.AttachmentNotAccepted,
        ]);
      }
    });
  });
  it('finds every attachment reference once, and only in attachment fields', () => {
    const other = `sha256:${'c'.repeat(64)}`;
    expect(
      attachmentReferences(settlement, {
        ...validSubmission,
        laborContract: [attachment, attachment, { ref: other }, { ref: 'sha256:not-hex' }, null],
        employer: attachment.ref,
      }),
    ).toEqual(['a'.repeat(64), 'c'.repeat(64)]);
  });

  it("replaces a known attachment's type and size by the stored ones and leaves the rest alone", () => {
    const stored = new Map([[attachment.ref, { contentType: 'application/pdf', sizeBytes: 77 }]]);
    const unknown = { ...attachment, ref: `sha256:${'d'.repeat(64)}` };
    expect(
      withStoredAttachmentFacts(
        settlement,
        { laborContract: [{ ...attachment, sizeBytes: 1 }, unknown], employer: 'Acme' },
        stored,
      ),
    ).toEqual({
      laborContract: [
        { ref: attachment.ref, name: 'contract.pdf', contentType: 'application/pdf', sizeBytes: 77 },
        unknown,
      ],
      employer: 'Acme',
    });
  });
});

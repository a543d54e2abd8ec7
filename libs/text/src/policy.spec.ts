import fc from 'fast-check';
import { z } from 'zod';
import { documentField, identifierField, nameField, textField } from './fields';
import { INT4_MAX, int4Field, integerParam, yearParam } from './integers';
import { characterCount, normalizeText, TEXT_LIMITS, textProblem, TextProblemCode } from './policy';

// Property tests: whatever else a string holds, one character of a forbidden class gets it refused, with
// that class's code; and whatever the policy accepts comes back exactly as normalised (trimmed).

/** Any UTF-16 unit, so lone surrogates, controls and format characters all turn up. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const anyString = fc.string({ unit: anyUnit, maxLength: 40 });
/** The characters the policy refuses somewhere: controls and format characters. */
// eslint-disable-next-line no-control-regex -- naming them is the point
const REFUSED_SOMEWHERE = /[\u0000-\u001f\u007f-\u009f\p{Cf}]/u;
/** Text people write: any code point (pairs well-formed) that is not refused anywhere. */
const ordinaryCharacter = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 1 })
  .filter((character) => !REFUSED_SOMEWHERE.test(character));
const ordinaryText = fc.string({ unit: ordinaryCharacter, minLength: 1, maxLength: 20 });

const controls = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).filter((unit) => unit !== 0x09 && unit !== 0x0a && unit !== 0x0d),
  fc.integer({ min: 0x7f, max: 0x9f }),
);
const loneSurrogates = fc.integer({ min: 0xd800, max: 0xdfff });
const bidiControls = fc.constantFrom(0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069);
const zeroWidth = fc.constantFrom(0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0xfeff, 0x00ad, 0x061c);

/** `text` with `unit` put in somewhere inside it (not at an end, where trimming might take it away). */
function withInside(unit: fc.Arbitrary<number>) {
  return fc
    .tuple(ordinaryText, unit, ordinaryText)
    .map(([before, code, after]) => `x${before}${String.fromCharCode(code)}${after}x`);
}

const codeOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  return issue.code === 'custom' ? (issue.params as { code?: string } | undefined)?.code : issue.code;
};

describe('the text policy', () => {
  it('refuses any string with a control character, in every kind of field', () => {
    fc.assert(
      fc.property(withInside(controls), (value) => {
        for (const schema of [textField(), textField({ multiline: true }), nameField()])
          expect(codeOf(schema, value)).toBe(TextProblemCode.ControlCharacter);
      }),
    );
  });

  it('refuses any string with a lone surrogate', () => {
    fc.assert(
      fc.property(withInside(loneSurrogates), (value) => {
        // A high half right before a low half would be a pair; the generator never builds one because
        // the ordinary text around it holds no half.
        for (const schema of [textField(), textField({ multiline: true }), nameField()])
          expect(codeOf(schema, value)).toBe(TextProblemCode.LoneSurrogate);
      }),
    );
  });

  it('refuses bidi overrides, embeddings and isolates in free text and names alike', () => {
    fc.assert(
      fc.property(withInside(bidiControls), (value) => {
        for (const schema of [textField(), textField({ multiline: true }), nameField()])
          expect(codeOf(schema, value)).toBe(TextProblemCode.InvisibleCharacter);
      }),
    );
  });

  it('refuses zero-width and other format characters in names and identifiers, not in free text', () => {
    // An alphabet the generated text rarely fits: the policy's code must come first all the same.
    const username = identifierField({ pattern: /^[A-Za-z]+$/, description: 'letters only' });
    fc.assert(
      fc.property(withInside(zeroWidth), (value) => {
        expect(codeOf(nameField(), value)).toBe(TextProblemCode.InvisibleCharacter);
        expect(codeOf(username, value)).toBe(TextProblemCode.InvisibleCharacter);
        expect(textProblem(value, { multiline: true })?.code).not.toBe(TextProblemCode.InvisibleCharacter);
      }),
    );
  });

  it('takes tab and newline only where a field is multi-line', () => {
    expect(codeOf(textField(), 'a\tb')).toBe(TextProblemCode.ControlCharacter);
    expect(codeOf(textField(), 'a\nb')).toBe(TextProblemCode.ControlCharacter);
    expect(textField({ multiline: true }).parse(' a\tb\r\nc ')).toBe('a\tb\nc');
    expect(codeOf(textField({ multiline: true }), 'a\rb')).toBe(TextProblemCode.ControlCharacter);
  });

  it('gives back any string it accepts trimmed (and CRLF as LF when multi-line), nothing else changed', () => {
    fc.assert(
      fc.property(anyString, fc.boolean(), fc.constantFrom('prose', 'name'), (value, multiline, kind) => {
        const schema = kind === 'name' ? nameField() : textField({ multiline });
        const result = schema.safeParse(value);
        if (!result.success) return;
        expect(result.data).toBe(normalizeText(value, { multiline: kind === 'prose' && multiline }));
        expect(result.data).toBe(result.data.trim());
        expect(result.data).not.toBe('');
      }),
    );
  });

  it('accepts ordinary text of any script, emoji included', () => {
    fc.assert(fc.property(ordinaryText, (value) => expect(textProblem(`a${value}a`)).toBeUndefined()));
    expect(nameField().parse('  王小明 ')).toBe('王小明');
    expect(textField().parse('Зачёт 👩‍🔬')).toBe('Зачёт 👩‍🔬');
  });

  it('refuses whitespace-only values as blank, unless blank is allowed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(' ', '\u3000', '\u00a0', '\u2003') }), (value) => {
        expect(codeOf(textField(), value)).toBe(TextProblemCode.Blank);
        expect(textField({ allowBlank: true }).parse(value)).toBe('');
      }),
    );
  });

  it('counts characters as code points and refuses one over the maximum', () => {
    const emoji = '😀'.repeat(TEXT_LIMITS.singleLine);
    expect(characterCount(emoji)).toBe(TEXT_LIMITS.singleLine);
    expect(textField().parse(emoji)).toBe(emoji);
    expect(codeOf(textField(), `${emoji}a`)).toBe(TextProblemCode.TooLong);
    expect(codeOf(textField({ multiline: true }), 'a'.repeat(TEXT_LIMITS.multiLine + 1))).toBe(
      TextProblemCode.TooLong,
    );
    expect(codeOf(nameField(), 'a'.repeat(TEXT_LIMITS.name + 1))).toBe(TextProblemCode.TooLong);
    expect(codeOf(textField({ min: 3 }), 'ab')).toBe(TextProblemCode.TooShort);
  });

  it('never lets a field hold more than the hard cap, whatever maximum it asks for', () => {
    const schema = textField({ max: 1_000_000, multiline: true });
    expect(schema.parse('a'.repeat(TEXT_LIMITS.hardCap))).toHaveLength(TEXT_LIMITS.hardCap);
    expect(codeOf(schema, 'a'.repeat(TEXT_LIMITS.hardCap + 1))).toBe(TextProblemCode.TooLong);
  });

  it('refuses a megabyte as too long, whatever it holds', () => {
    const megabyte = `\u0000${'a'.repeat(1024 * 1024)}`;
    expect(codeOf(textField({ multiline: true }), megabyte)).toBe(TextProblemCode.TooLong);
  });

  it('reports the code point and position of the offending character', () => {
    expect(textProblem('王\u0000')?.message.en).toBe('contains a control character (U+0000, position 2)');
    expect(textProblem('😀\u202e')?.message.en).toContain('(U+202E, position 2)');
  });

  it('holds an identifier to its alphabet, reporting a policy breach as such', () => {
    const username = identifierField({
      pattern: /^[A-Za-z0-9._@-]+$/,
      description: 'letters, digits',
      min: 3,
    });
    expect(username.parse(' alice ')).toBe('alice');
    expect(codeOf(username, 'al\u0000ice')).toBe(TextProblemCode.ControlCharacter);
    expect(codeOf(username, 'al\u200bice')).toBe(TextProblemCode.InvisibleCharacter);
    expect(codeOf(username, 'İbrahim')).toBe('invalid_format');
    expect(codeOf(username, 'ab')).toBe(TextProblemCode.TooShort);
  });
});

describe('a document (a definition source)', () => {
  const source = documentField({ max: 1000 });

  it('is kept as sent, CRLF line ends and surrounding blank lines included', () => {
    expect(source.parse('\nkey: a\r\n\ttitle: b\n')).toBe('\nkey: a\r\n\ttitle: b\n');
  });

  it('refuses what the policy refuses everywhere: controls, a CR alone, lone surrogates, bidi controls', () => {
    expect(codeOf(source, 'key: a\u0000')).toBe(TextProblemCode.ControlCharacter);
    expect(codeOf(source, 'key: a\rtitle: b')).toBe(TextProblemCode.ControlCharacter);
    expect(codeOf(source, 'key: \ud800')).toBe(TextProblemCode.LoneSurrogate);
    expect(codeOf(source, 'title: \u202eabc')).toBe(TextProblemCode.InvisibleCharacter);
    expect(codeOf(source, 'a'.repeat(1001))).toBe(TextProblemCode.TooLong);
    expect(codeOf(source, ' \r\n\t')).toBe(TextProblemCode.Blank);
  });
});

describe('integers', () => {
  it('bounds body integers by what a PostgreSQL int4 holds', () => {
    expect(int4Field({ min: 1 }).parse(INT4_MAX)).toBe(INT4_MAX);
    expect(codeOf(int4Field({ min: 1 }), INT4_MAX + 1)).toBe('too_big');
    expect(codeOf(int4Field({ min: 1 }), 0)).toBe('too_small');
    expect(codeOf(int4Field(), 1.5)).toBe('invalid_type');
  });

  it('reads path and query integers as plain decimal digits only', () => {
    const page = integerParam({ min: 1 });
    expect(page.parse('42')).toBe(42);
    expect(page.parse(String(INT4_MAX))).toBe(INT4_MAX);
    for (const odd of [
      '0x7e9',
      '1e3',
      ' 12',
      '12 ',
      '+5',
      '-1',
      '',
      '012',
      '1.0',
      'NaN',
      'Infinity',
      '99999999999',
    ])
      expect(page.safeParse(odd).success).toBe(false);
    expect(codeOf(page, String(INT4_MAX + 1))).toBe('too_big');
    expect(page.safeParse(['1', '2']).success).toBe(false);
  });

  it('takes a year as exactly four decimal digits within its range', () => {
    const year = yearParam({ min: 2000, max: 2100 });
    expect(year.parse('2025')).toBe(2025);
    for (const odd of ['0x7e9', '2025.0', '02025', '+2025', '2.025e3', '1999', '2101', ' 2025'])
      expect(year.safeParse(odd).success).toBe(false);
  });

  it('never reads a decimal string as another number than it says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: INT4_MAX }), (value) => {
        expect(integerParam().parse(String(value))).toBe(value);
      }),
    );
  });
});

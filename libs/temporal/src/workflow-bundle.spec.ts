import { runInNewContext } from 'node:vm';
import { withLatin1Text } from './workflow-bundle';

/** Evaluates a script and answers its value, as the worker's V8 context would. */
const evaluate = (source: string): unknown => runInNewContext(source);

describe('withLatin1Text', () => {
  const sources = {
    'a string': `'含有控制字符 — ${'\u00e9'}'`,
    'a template': '`最多 ${1 + 2} 个字符`',
    'a regular expression': String.raw`/^[一-龥]+—$/.test('中文—')`,
    'a unicode regular expression': String.raw`/^\p{Script=Han}+😀$/u.test('中文😀')`,
    'an identifier': 'const 名字 = 42; 名字',
    'an identity escape in a string': String.raw`'\中\\文'`,
    'an identity escape in a regular expression': String.raw`/\中/.test('中')`,
    'a character outside the basic plane': `'😀'.codePointAt(0)`,
    'a comment': `// 注释 — ⚠️\n'after the comment'`,
  };

  it.each(Object.entries(sources))('keeps %s meaning the same, in one-byte text', (_name, source) => {
    const escaped = withLatin1Text(source);
    expect(escaped).not.toMatch(/[\u0100-\uffff]/);
    expect(evaluate(escaped)).toEqual(evaluate(source));
  });

  it('leaves text already in one byte per character as it is', () => {
    const source = String.raw`const s = '\u4e2d caf${'\u00e9'} \\'; // plain`;
    expect(withLatin1Text(source)).toBe(source);
  });
});

import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the service name', () => {
    const { lines, stream } = capture();
    createLogger({ level: 'info', service: 'api' }, stream).info({ caseId: 'c1' }, 'case submitted');
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 'info', service: 'api', caseId: 'c1', msg: 'case submitted' });
  });

  it('censors personal data and secrets that slip into a log object', () => {
    const { lines, stream } = capture();
    createLogger({ level: 'info', service: 'api' }, stream).info(
      { applicant: { idNumber: '11010519491231002X' }, password: 'hunter2', idNumber: '11010519491231002X' },
      'oops',
    );
    expect(lines.join('')).not.toContain('11010519491231002X');
    expect(lines.join('')).not.toContain('hunter2');
  });
});

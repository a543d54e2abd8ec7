import { Writable } from 'node:stream';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { createLogger } from '@onething/logging';
import { temporalSdkLogger } from './sdk-logger';

it('writes the SDK’s "Activity failed" line with the error described, not dumped with its parameters', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const driver = Object.assign(
    new DatabaseError('invalid byte sequence for encoding "UTF8": 0x00', 60, 'error'),
    {
      severity: 'ERROR',
      code: '22021',
    },
  );
  const error = new QueryFailedError('UPDATE "task" SET "reason" = $1', ['11010519491231002X\u0000'], driver);
  const logger = temporalSdkLogger(createLogger({ level: 'debug', service: 'worker' }, sink));
  logger.warn('Activity failed', { error, activityType: 'recordStepDecision', attempt: 3 });
  logger.debug('below the SDK level', {});

  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain('11010519491231002X');
  expect(JSON.parse(lines[0])).toMatchObject({
    level: 'warn',
    msg: 'Activity failed',
    sdk: {
      activityType: 'recordStepDecision',
      attempt: 3,
      error: { type: 'QueryFailedError', code: '22021', message: 'PostgreSQL error 22021 (data exception)' },
    },
  });
});

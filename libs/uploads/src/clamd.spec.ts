import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UploadErrorCode } from '@onething/errors';
import { EICAR, startFakeClamd, type FakeClamd } from '@onething/testing';
import { scanWithClamd, verdictOf } from './clamd';

describe('scanning with clamd (INSTREAM over TCP)', () => {
  let directory: string;
  let clamd: FakeClamd;
  const options = () => ({ host: clamd.host, port: clamd.port, timeoutMs: 5_000 });

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'onething-clamd-'));
    clamd = await startFakeClamd();
  });
  afterAll(async () => {
    await clamd.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('streams the whole file in chunks and reads a clean verdict', async () => {
    const bytes = Buffer.alloc(200_000, 7);
    await writeFile(join(directory, 'clean.pdf'), bytes);
    expect(await scanWithClamd(join(directory, 'clean.pdf'), options())).toEqual({ clean: true });
    expect(clamd.received.at(-1)!.equals(bytes)).toBe(true);
  });

  it('names the signature of an infected file', async () => {
    await writeFile(join(directory, 'eicar.pdf'), `%PDF-1.4\n${EICAR}\n`);
    expect(await scanWithClamd(join(directory, 'eicar.pdf'), options())).toEqual({
      clean: false,
      signature: 'Eicar-Test-Signature',
    });
  });

  it('fails closed when the daemon cannot be reached', async () => {
    await writeFile(join(directory, 'any.pdf'), 'x');
    const closed = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      scanWithClamd(join(directory, 'any.pdf'), { host: '127.0.0.1', port, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({ code: UploadErrorCode.ScanUnavailable });
  });

  it('takes an answer without a verdict as no scan', () => {
    expect(() => verdictOf('INSTREAM size limit exceeded. ERROR\0')).toThrow(/no verdict/);
  });
});

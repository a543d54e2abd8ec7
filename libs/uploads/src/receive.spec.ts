import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { UploadErrorCode } from '@onething/errors';
import { checkedFileName } from './file-name';
import { receiveToFile } from './receive';

describe('receiving an upload', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'onething-receive-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes the bytes to a file and hashes them on the way', async () => {
    const chunks = [Buffer.from('%PDF-1.4 '), Buffer.from('rest of the file')];
    const received = await receiveToFile(Readable.from(chunks), directory, 1_000);
    const bytes = Buffer.concat(chunks);
    expect(received.sizeBytes).toBe(bytes.length);
    expect(received.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((await readFile(received.path)).equals(bytes)).toBe(true);
  });

  it('stops at the limit, leaves nothing behind, and reads no further', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(1024, 1));
      },
    });
    await expect(receiveToFile(endless, directory, 10 * 1024)).rejects.toMatchObject({
      code: UploadErrorCode.TooLarge,
    });
    expect(await readdir(directory)).toEqual([]);
    expect(pulled).toBeLessThan(40);
  });

  it('refuses an empty file and leaves nothing behind', async () => {
    await expect(receiveToFile(Readable.from([]), directory, 10)).rejects.toMatchObject({
      code: UploadErrorCode.Empty,
    });
    expect(await readdir(directory)).toEqual([]);
  });
});

describe('the file name', () => {
  it('keeps an ordinary name, Chinese included, trimmed', () => {
    expect(checkedFileName(' 劳动合同 2026.pdf ')).toBe('劳动合同 2026.pdf');
  });

  it.each([
    ['a path', '../../etc/passwd'],
    ['a Windows path', 'C:\\Users\\x\\contract.pdf'],
    ['a directory', 'scans/contract.pdf'],
    ['a control character', 'contract\u0000.pdf'],
    ['a direction override', 'invoice\u202efdp.exe'],
    ['nothing', '   '],
    ['the parent directory', '..'],
  ])('refuses %s', (_what, name) => {
    expect(() => checkedFileName(name)).toThrow(
      expect.objectContaining({ code: UploadErrorCode.NameRefused }),
    );
  });
});

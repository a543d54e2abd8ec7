import { createServer, type AddressInfo, type Server } from 'node:net';

/** The EICAR anti-virus test string: harmless, and every scanner reports it. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export interface FakeClamd {
  host: string;
  port: number;
  /** Each scanned file's bytes, as reassembled from the INSTREAM chunks. */
  received: Buffer[];
  close(): Promise<void>;
}

/**
 * A tiny clamd speaking INSTREAM over TCP: it reassembles the length-prefixed chunks and answers
 * `stream: Eicar-Test-Signature FOUND` when the EICAR string is among the bytes, `stream: OK` otherwise.
 */
export async function startFakeClamd(): Promise<FakeClamd> {
  const received: Buffer[] = [];
  const server: Server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      const file = completeStream(buffered);
      if (!file) return;
      received.push(file);
      socket.end(file.includes(EICAR) ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The file once the terminating zero-length chunk has arrived; undefined while more is to come. */
function completeStream(buffered: Buffer): Buffer | undefined {
  const command = Buffer.from('zINSTREAM\0');
  if (buffered.length < command.length) return undefined;
  let offset = command.length;
  const chunks: Buffer[] = [];
  while (offset + 4 <= buffered.length) {
    const length = buffered.readUInt32BE(offset);
    if (length === 0) return Buffer.concat(chunks);
    if (offset + 4 + length > buffered.length) return undefined;
    chunks.push(buffered.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return undefined;
}

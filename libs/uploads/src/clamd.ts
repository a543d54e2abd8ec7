import { createReadStream } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { UploadError, UploadErrorCode } from '@onething/errors';

export interface ClamdOptions {
  host: string;
  port: number;
  timeoutMs: number;
}

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

// clamd's limit per chunk is StreamMaxLength overall; 64 KiB chunks keep each write small.
const CHUNK_BYTES = 64 * 1024;

/**
 * Scans a file with ClamAV's daemon over TCP (`zINSTREAM`: length-prefixed chunks, a zero-length chunk
 * to end, one NUL-terminated reply such as `stream: OK` or `stream: Eicar-Test-Signature FOUND`). A
 * daemon that cannot be reached, times out or answers anything else refuses the upload as
 * `UPLOAD_SCAN_UNAVAILABLE` (fail closed: with scanning on, nothing unscanned is stored).
 */
export async function scanWithClamd(path: string, options: ClamdOptions): Promise<ScanVerdict> {
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: options.host, port: options.port });
    socket.setTimeout(options.timeoutMs, () => socket.destroy(new Error('clamd timed out')));
    const received: Buffer[] = [];
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(received).toString('utf8')));
    socket.once('connect', () => {
      streamFile(socket, path).catch((error: Error) => socket.destroy(error));
    });
  }).catch((error: Error) => {
    throw new UploadError(
      UploadErrorCode.ScanUnavailable,
      `The malware scanner is unavailable: ${error.message}`,
    );
  });
  return verdictOf(reply);
}

async function streamFile(socket: Socket, path: string): Promise<void> {
  socket.write('zINSTREAM\0');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const data = chunk as Buffer;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    socket.write(length);
    socket.write(data);
  }
  socket.end(Buffer.alloc(4));
}

export function verdictOf(reply: string): ScanVerdict {
  const line = reply.replace(/\0+$/, '').trim();
  if (line === 'stream: OK') return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(line);
  if (found) return { clean: false, signature: found[1] };
  throw new UploadError(UploadErrorCode.ScanUnavailable, 'The malware scanner gave no verdict');
}

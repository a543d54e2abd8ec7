import { problemOf, standardHeaders, urlOf } from './client';

export interface UploadOptions {
  /** Applies the field's own limits (type, size, count) on top of the server's. */
  definitionKey?: string;
  fieldId?: string;
  /** 0..1 as the bytes leave the browser. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * `POST /uploads` with the raw bytes. XMLHttpRequest, not fetch: only it reports upload progress. The
 * session cookie and CSRF header go as with every other call.
 */
export function uploadFile<T>(file: File, options: UploadOptions = {}): Promise<T> {
  const url = urlOf('/uploads', {
    name: file.name,
    definitionKey: options.definitionKey,
    fieldId: options.definitionKey ? options.fieldId : undefined,
  });
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = true;
    for (const [name, value] of Object.entries(standardHeaders('POST')))
      request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      const response = new Response(request.responseText || null, {
        status: request.status,
        headers: { 'content-type': request.getResponseHeader('content-type') ?? 'application/json' },
      });
      if (request.status >= 200 && request.status < 300) {
        options.onProgress?.(1);
        resolve(JSON.parse(request.responseText) as T);
      } else void problemOf(response).then(reject);
    };
    request.onerror = () => reject(new Error('network error'));
    request.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => request.abort());
    request.send(file);
  });
}

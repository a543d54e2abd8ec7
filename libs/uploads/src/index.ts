// Uploads (一套材料): the storage port and its adapters, the streaming receiver, the type detector, the
// name check, the clamd scanner and the access-recording port.
export * from './blob-store';
export * from './filesystem-blob-store';
export * from './s3-blob-store';
export * from './receive';
export * from './file-name';
export * from './detect';
export * from './clamd';

// Node-only entry point: the calendar plus its seed from the chinese-days package (kept out of index.ts
// so workflow bundles stay small).
export * from './index';
export * from './seed';

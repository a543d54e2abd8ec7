// Runs the TypeScript sources directly (no build step): SWC compiles on load, honouring the
// decorator metadata NestJS needs and the @onething/* path aliases declared in tsconfig.json.
//
// Node runs `-r` modules in every worker thread too. The only worker threads are the Temporal SDK's
// workflow threads, which run JavaScript (the SDK's and the workflow bundle); registering there would
// load the TypeScript compiler (9 MB of source, read for tsconfig.json) into each of them for nothing.
if (require('node:worker_threads').isMainThread) {
  process.env.SWC_NODE_PROJECT =
    process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
  require('@swc-node/register');
}

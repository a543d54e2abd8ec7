// Runs the TypeScript sources directly (no build step): SWC compiles on load, honouring the
// decorator metadata NestJS needs and the @onething/* path aliases declared in tsconfig.json.
process.env.SWC_NODE_PROJECT =
  process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');

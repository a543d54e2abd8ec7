// What workflow code gets when it imports '@onething/text' (see libs/definition/src/workflow-entry.ts for
// why): the policy itself, without the zod request fields.
export * from './policy';

// The definition language's answer types the web console reads (`import type` only): a narrow entry, so
// the console's type check follows no runtime module it does not need.
export type { DefinitionDiff } from './diff';
export type { DefinitionIssue } from './errors';
export type { DataMinimizationMatrix, DefinitionPlan, PlanNode } from './plan';

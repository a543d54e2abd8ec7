import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import type { StepOutcome } from './schema';

// Conditions are CEL: no eval, no I/O, deterministic, and the same expression text evaluates the same way
// in the API, in the CLI and inside Temporal workflow code.

/** `fields` holds the case data; `steps.<id>.outcome` the outcome of steps settled so far. */
const environment = new Environment({ unlistedVariablesAreDyn: true });

export interface ConditionReferences {
  fields: string[];
  steps: string[];
  /** Uses of `fields`/`steps` that are not `fields.<id>` or `steps.<id>.outcome`, or other variables. */
  invalid: string[];
}

export interface CompiledCondition {
  source: string;
  references: ConditionReferences;
  /** The static CEL type (bool, dyn, int...). Anything but bool or dyn can never be a condition. */
  type: string;
  /** Set when the expression uses no variable: its value is known without any case. */
  constant?: unknown;
  run(context: ConditionContext): unknown;
}

export type CompileResult =
  { ok: true; condition: CompiledCondition } | { ok: false; message: string; offset?: number };

export interface ConditionContext {
  fields: Record<string, unknown>;
  steps: Record<string, { outcome: StepOutcome } | undefined>;
}

export type EvaluationResult = { ok: true; value: boolean } | { ok: false; message: string };

export function compileCondition(source: string): CompileResult {
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = environment.parse(source);
  } catch (error) {
    return { ok: false, ...describeCelError(error) };
  }
  const checked = parsed.check();
  if (!checked.valid) return { ok: false, ...describeCelError(checked.error) };
  const references = collectReferences(parsed.ast);
  const usesVariables = references.fields.length + references.steps.length + references.invalid.length > 0;
  let constant: unknown;
  if (!usesVariables) {
    try {
      constant = parsed({});
    } catch (error) {
      return { ok: false, ...describeCelError(error) };
    }
  }
  return {
    ok: true,
    condition: {
      source,
      references,
      type: checked.type ?? 'dyn',
      ...(usesVariables ? {} : { constant }),
      run: (context): unknown => parsed(toCelContext(context, references)) as unknown,
    },
  };
}

/** Never throws: an evaluation failure or a non-boolean result is reported, not guessed. */
export function evaluateCondition(
  condition: CompiledCondition | string,
  context: ConditionContext,
): EvaluationResult {
  const compiled =
    typeof condition === 'string' ? compileCondition(condition) : { ok: true as const, condition };
  if (!compiled.ok) return { ok: false, message: compiled.message };
  try {
    const value: unknown = compiled.condition.run(context);
    if (typeof value !== 'boolean')
      return { ok: false, message: `condition returned ${typeof value}, not bool` };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: describeCelError(error).message };
  }
}

/**
 * Absent data reads as null rather than failing with "no such key", so `fields.hasChildren == true` is simply
 * false when the applicant left the optional field empty. JS numbers are passed as CEL doubles, which compare
 * with int literals as CEL specifies.
 */
function toCelContext(context: ConditionContext, references: ConditionReferences): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const id of references.fields) fields[id] = context.fields[id] ?? null;
  const steps: Record<string, { outcome: string | null }> = {};
  for (const id of references.steps) steps[id] = { outcome: context.steps[id]?.outcome ?? null };
  return { fields, steps };
}

function collectReferences(root: ASTNode): ConditionReferences {
  const fields = new Set<string>();
  const steps = new Set<string>();
  const invalid = new Set<string>();
  const visit = (node: ASTNode): void => {
    const fieldId = fieldReference(node);
    if (fieldId !== undefined) {
      fields.add(fieldId);
      return;
    }
    const stepId = stepOutcomeReference(node);
    if (stepId !== undefined) {
      steps.add(stepId);
      return;
    }
    if (node.op === 'id') {
      invalid.add(node.args);
      return;
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(root);
  return { fields: [...fields], steps: [...steps], invalid: [...invalid] };
}

function fieldReference(node: ASTNode): string | undefined {
  if (node.op === '.' || node.op === '.?') {
    const [target, name] = node.args;
    if (isIdentifier(target, 'fields')) return name;
  }
  if (node.op === '[]' || node.op === '[?]') {
    const [target, key] = node.args;
    if (isIdentifier(target, 'fields') && key.op === 'value' && typeof key.args === 'string') return key.args;
  }
  return undefined;
}

function stepOutcomeReference(node: ASTNode): string | undefined {
  if (node.op !== '.' || node.args[1] !== 'outcome') return undefined;
  const inner = node.args[0];
  if (inner.op === '.' && isIdentifier(inner.args[0], 'steps')) return inner.args[1];
  return undefined;
}

function isIdentifier(node: ASTNode, name: string): boolean {
  return node.op === 'id' && node.args === name;
}

function childNodes(node: ASTNode): ASTNode[] {
  const found: ASTNode[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isAstNode(value)) found.push(value);
  };
  if (node.op !== 'value' && node.op !== 'id') collect(node.args);
  return found;
}

function isAstNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'string';
}

function describeCelError(error: unknown): { message: string; offset?: number } {
  if (!(error instanceof Error)) return { message: String(error) };
  // cel-js appends a source excerpt with a caret after the first line; the path and line say where already.
  const message = error.message.split('\n')[0] ?? error.message;
  const range = (error as { range?: { start: number } }).range;
  return range ? { message, offset: range.start } : { message };
}

/** Field ids a condition reads; none when it does not compile (the validator reports that separately). */
export function fieldsReadBy(condition: string | undefined): string[] {
  if (condition === undefined) return [];
  const compiled = compileCondition(condition);
  return compiled.ok ? compiled.condition.references.fields : [];
}

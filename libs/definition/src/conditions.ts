import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { checkedDate, daysBetween, shiftDate, yearsBetween } from './case-dates';
import { compileRegex, regexMatches } from './regex';
import type { StepOutcome } from './schema';

// Conditions are CEL: no eval, no I/O, deterministic, and the same expression text evaluates the same way
// in the API, in the CLI and inside Temporal workflow code. Their cost is bounded: the text's length,
// the parser's limits and the nesting of comprehensions cap the work, and `matches()` runs on RE2, whose
// matching is linear in the text, so neither the validator nor a case's data can stall the event loop.

/** Limits of a condition's size; far above what a real `when` needs. */
export const CONDITION_LIMITS = {
  maxLength: 1000,
  maxAstNodes: 300,
  maxDepth: 24,
  maxListElements: 100,
  maxMapEntries: 100,
  maxCallArguments: 8,
  /** `list.all(x, other.exists(y, ...))` is two; each level multiplies the work by a list's length. */
  maxComprehensionNesting: 2,
} as const;

/**
 * cel-js implements `matches` with the backtracking JavaScript RegExp and refuses an overload that
 * overlaps a built-in one, so compiled conditions call this RE2 function instead: `compileCondition`
 * renames every `.matches(` call in the parsed tree before type-checking binds it.
 */
const LINEAR_MATCHES = 'matches_re2';

/**
 * The date `today()` answers while one condition runs. Evaluation is synchronous (no async function is
 * registered), so setting it around the call is exact; unset, `today()` fails rather than read a clock.
 */
let evaluationToday: string | undefined;

function today(): string {
  if (evaluationToday === undefined)
    throw new Error('today() needs the case date (the submission time) and none was given');
  return evaluationToday;
}

/** Date helpers over ISO dates (`yyyy-MM-dd`, as date fields hold them); CEL ints are bigints. */
const DATE_FUNCTIONS: [string, (...args: never[]) => unknown][] = [
  ['today(): string', today],
  ['date(string): string', (text: string) => checkedDate(text)],
  ['ageInYears(string): int', (birth: string) => BigInt(yearsBetween(birth, today()))],
  ['yearsBetween(string, string): int', (from: string, to: string) => BigInt(yearsBetween(from, to))],
  ['daysBetween(string, string): int', (from: string, to: string) => BigInt(daysBetween(from, to))],
  ['addDays(string, int): string', (date: string, n: bigint) => shiftDate(date, Number(n), 'days')],
  ['addMonths(string, int): string', (date: string, n: bigint) => shiftDate(date, Number(n), 'months')],
  ['addYears(string, int): string', (date: string, n: bigint) => shiftDate(date, Number(n), 'years')],
];
const CLOCK_FUNCTIONS = new Set(['today', 'ageInYears']);

/** `fields` holds the case data; `steps.<id>.outcome` the outcome of steps settled so far. */
const baseEnvironment = new Environment({
  unlistedVariablesAreDyn: true,
  limits: {
    maxAstNodes: CONDITION_LIMITS.maxAstNodes,
    maxDepth: CONDITION_LIMITS.maxDepth,
    maxListElements: CONDITION_LIMITS.maxListElements,
    maxMapEntries: CONDITION_LIMITS.maxMapEntries,
    maxCallArguments: CONDITION_LIMITS.maxCallArguments,
  },
}).registerFunction(`string.${LINEAR_MATCHES}(string): bool`, (text: string, pattern: string) =>
  regexMatches(text, pattern),
);
const environment = DATE_FUNCTIONS.reduce(
  (env, [signature, handler]) => env.registerFunction(signature, handler),
  baseEnvironment,
);

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

export interface ConditionReferences {
  fields: string[];
  /**
   * Where in the application the condition reads, as dotted paths (`birthDate`, `address.city`): a field
   * id, followed by the members selected below it.
   */
  fieldPaths: string[];
  /** The condition calls `today()` (directly or through `ageInYears`): its value depends on the case date. */
  usesToday: boolean;
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

/**
 * Why a condition does not compile: `syntax` (it does not parse or type-check), `too-complex` (over
 * `CONDITION_LIMITS`), `regex-unsupported` (a `matches` pattern RE2 refuses: backreferences, lookaround),
 * `regex-not-literal` (a pattern computed from data, which the validator cannot check).
 */
export type ConditionProblem = 'syntax' | 'too-complex' | 'regex-unsupported' | 'regex-not-literal';

export type CompileResult =
  | { ok: true; condition: CompiledCondition }
  | { ok: false; problem: ConditionProblem; message: string; offset?: number; pattern?: string };

export interface ConditionContext {
  fields: Record<string, unknown>;
  steps: Record<string, { outcome: StepOutcome } | undefined>;
  /**
   * The case date `today()` answers (`yyyy-MM-dd` in the case's time zone, see `caseToday`): from the
   * submission time, so the same case evaluates the same way in the API and in its workflow.
   */
  today?: string;
  /**
   * An inbound event (a proactive trigger's eligibility reads `event.data.<path>`, `event.type`...):
   * only trigger conditions are given one; the validator refuses `event` everywhere else.
   */
  event?: Readonly<Record<string, unknown>>;
}

export type EvaluationResult = { ok: true; value: boolean } | { ok: false; message: string };

// A case's conditions are compiled on every scheduling pass and at every dispatch: each source once.
// Compiling is pure, so the cache is safe in workflow code too; bounded, cleared when full.
const compiledConditions = new Map<string, CompileResult>();
const CONDITION_CACHE_LIMIT = 500;

/** Parses and type-checks a condition (cost and patterns bounded first); never throws. */
export function compileCondition(source: string): CompileResult {
  const cached = compiledConditions.get(source);
  if (cached) return cached;
  const result = compileUncached(source);
  if (compiledConditions.size >= CONDITION_CACHE_LIMIT) compiledConditions.clear();
  compiledConditions.set(source, result);
  return result;
}

function compileUncached(source: string): CompileResult {
  if (source.length > CONDITION_LIMITS.maxLength) {
    return {
      ok: false,
      problem: 'too-complex',
      message: `condition longer than ${CONDITION_LIMITS.maxLength} characters`,
    };
  }
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = environment.parse(source);
  } catch (error) {
    return failure(error);
  }
  const unbounded = checkCost(parsed.ast) ?? checkPatterns(parsed.ast);
  if (unbounded) return unbounded;
  const checked = parsed.check();
  if (!checked.valid) return failure(checked.error);
  const references = collectReferences(parsed.ast);
  const usesVariables =
    references.usesToday ||
    references.fields.length + references.steps.length + references.invalid.length > 0;
  let constant: unknown;
  if (!usesVariables) {
    try {
      constant = parsed({});
    } catch (error) {
      return failure(error);
    }
  }
  return {
    ok: true,
    condition: {
      source,
      references,
      type: checked.type ?? 'dyn',
      ...(usesVariables ? {} : { constant }),
      run: (context): unknown => {
        evaluationToday = context.today;
        try {
          return parsed(toCelContext(context, references)) as unknown;
        } finally {
          evaluationToday = undefined;
        }
      },
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
  return context.event === undefined ? { fields, steps } : { fields, steps, event: context.event };
}

function collectReferences(root: ASTNode): ConditionReferences {
  const fields = new Set<string>();
  const fieldPaths = new Set<string>();
  const steps = new Set<string>();
  const invalid = new Set<string>();
  let usesToday = false;
  const visit = (node: ASTNode): void => {
    const path = fieldPath(node);
    if (path !== undefined) {
      fields.add(path[0]);
      fieldPaths.add(path.join('.'));
      return;
    }
    if (node.op === 'call' && CLOCK_FUNCTIONS.has(node.args[0])) usesToday = true;
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
  return {
    fields: [...fields],
    fieldPaths: [...fieldPaths],
    steps: [...steps],
    invalid: [...invalid],
    usesToday,
  };
}

/** `fields.a.b` → ['a', 'b']: the field read and the members selected below it (the deepest chain). */
function fieldPath(node: ASTNode): string[] | undefined {
  const id = fieldReference(node);
  if (id !== undefined) return [id];
  if (node.op !== '.' && node.op !== '.?') return undefined;
  const [target, name] = node.args;
  const below = fieldPath(target);
  return below === undefined ? undefined : [...below, name];
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

function failure(error: unknown): Extract<CompileResult, { ok: false }> {
  const limitExceeded = (error as { code?: unknown } | null)?.code === 'limit_exceeded';
  return { ok: false, problem: limitExceeded ? 'too-complex' : 'syntax', ...describeCelError(error) };
}

function describeCelError(error: unknown): { message: string; offset?: number } {
  if (!(error instanceof Error)) return { message: String(error) };
  // cel-js appends a source excerpt with a caret after the first line; the path and line say where already.
  // The RE2 function is an implementation detail: messages name `matches`, as the author wrote it.
  const message = (error.message.split('\n')[0] ?? error.message).replaceAll(LINEAR_MATCHES, 'matches');
  const range = (error as { range?: { start: number } }).range;
  return range ? { message, offset: range.start } : { message };
}

/** Comprehensions nested deeper than the limit: each level multiplies the work by a list's length. */
function checkCost(root: ASTNode): Extract<CompileResult, { ok: false }> | undefined {
  const depthOf = (node: ASTNode): number => {
    const own = node.op === 'rcall' && COMPREHENSIONS.has(node.args[0]) ? 1 : 0;
    return own + Math.max(0, ...childNodes(node).map(depthOf));
  };
  const depth = depthOf(root);
  if (depth <= CONDITION_LIMITS.maxComprehensionNesting) return undefined;
  return {
    ok: false,
    problem: 'too-complex',
    message: `comprehensions nested ${depth} deep (at most ${CONDITION_LIMITS.maxComprehensionNesting})`,
  };
}

/**
 * Every `text.matches(pattern)` gets a literal pattern RE2 compiles, and is routed to the RE2 function.
 * A pattern built from case data could not be checked here, and could echo an applicant's value in an
 * error: refused.
 */
function checkPatterns(root: ASTNode): Extract<CompileResult, { ok: false }> | undefined {
  const calls: Extract<ASTNode, { op: 'rcall' }>[] = [];
  const visit = (node: ASTNode): void => {
    if (node.op === 'rcall' && (node.args[0] === 'matches' || node.args[0] === LINEAR_MATCHES))
      calls.push(node);
    childNodes(node).forEach(visit);
  };
  visit(root);
  for (const call of calls) {
    const [pattern] = call.args[2];
    if (pattern === undefined) continue; // the type check reports the missing argument
    if (pattern.op !== 'value' || typeof pattern.args !== 'string') {
      return {
        ok: false,
        problem: 'regex-not-literal',
        message: 'the pattern of matches() must be a string literal',
        offset: pattern.start,
      };
    }
    const compiled = compileRegex(pattern.args);
    if (!compiled.ok) {
      const tooLarge = compiled.reason === 'too-large';
      return {
        ok: false,
        problem: tooLarge ? 'too-complex' : 'regex-unsupported',
        message: tooLarge
          ? `matches() pattern too large: ${compiled.message}`
          : `matches() pattern is not RE2 syntax: ${compiled.message}`,
        offset: pattern.start,
        pattern: pattern.args,
      };
    }
    call.args[0] = LINEAR_MATCHES;
  }
  return undefined;
}

/** Field ids a condition reads; none when it does not compile (the validator reports that separately). */
export function fieldsReadBy(condition: string | undefined): string[] {
  if (condition === undefined) return [];
  const compiled = compileCondition(condition);
  return compiled.ok ? compiled.condition.references.fields : [];
}
